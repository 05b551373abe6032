import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A line logger that never makes a syscall per line: lines go into striped in-memory buffers (one
/// stripe per thread, in practice uncontended) that a background thread writes out every 100 ms,
/// and `flush()` writes at shutdown.
final class BufferedLogger: Sendable {
    private final class Stripe: Sendable {
        let buffer = Mutex<[UInt8]>([])
    }

    private let fd: Int32
    private let ownsFD: Bool
    private let stripes: [Stripe]
    private let running = Atomic<Bool>(true)
    private let writeLock = Mutex<Void>(())

    /// A logger writing to `fd` (2 for stderr); `ownsFD` closes it on `close()`.
    init(fd: Int32, ownsFD: Bool = false, stripes: Int = 16) {
        self.fd = fd
        self.ownsFD = ownsFD
        self.stripes = (0..<stripes).map { _ in Stripe() }
        PosixThread.spawn { [weak self] in
            while let logger = self, logger.running.load(ordering: .relaxed) {
                usleep(100_000)
                logger.flush()
            }
        }
    }

    /// A logger appending to the file at `path` (created 0640 when absent).
    convenience init(path: String) throws(SocketError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw SocketError.failed("open \(path)") }
        self.init(fd: fd, ownsFD: true)
    }

    /// Appends one line (a newline is added).
    func log(_ line: String) {
        let thread = UInt(pthread_self())
        let stripe = stripes[Int((thread >> 12 ^ thread >> 21) % UInt(stripes.count))]
        let large = stripe.buffer.withLock { buffer in
            buffer.append(contentsOf: line.utf8)
            buffer.append(10)
            return buffer.count > 256 * 1024
        }
        if large { flush() }
    }

    /// Writes every buffered line now.
    func flush() {
        writeLock.withLock { _ in
            for stripe in stripes {
                let bytes = stripe.buffer.withLock { buffer -> [UInt8] in
                    let taken = buffer
                    buffer.removeAll(keepingCapacity: true)
                    return taken
                }
                guard !bytes.isEmpty else { continue }
                bytes.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        if written <= 0 { break }
                        offset += written
                    }
                }
            }
        }
    }

    /// Flushes and stops the background writer (and closes an owned file).
    func close() {
        running.store(false, ordering: .relaxed)
        flush()
        if ownsFD { _ = Glibc.close(fd) }
    }
}

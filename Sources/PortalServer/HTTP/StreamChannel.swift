/// Carries a streamed body from the worker that produces it to the event loop that sends it.
///
/// `write` (worker side) blocks while the chunks not yet sent plus the connection's unsent output are
/// over `bound`, so a slow client slows the producer instead of growing memory; it throws once the
/// connection is gone.
final class StreamChannel: HTTPBodyWriter, @unchecked Sendable {
    /// Thrown to a producer whose client has gone.
    struct Cancelled: Error, CustomStringConvertible {
        var description: String { "client went away during a streamed response" }
    }

    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var chunks: [[UInt8]] = []
    private var chunkBytes = 0
    private var backlog = 0
    private var finished = false
    private var failed = false
    private var cancelled = false
    private let bound: Int
    private let notify: @Sendable () -> Void

    /// A channel that calls `notify` (which wakes the loop) whenever there is something to take.
    init(bound: Int, notify: @escaping @Sendable () -> Void) {
        self.bound = bound
        self.notify = notify
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try lock.withLock {
            while !cancelled && chunkBytes + backlog > bound { lock.wait() }
            if cancelled { throw Cancelled() }
            chunks.append(bytes)
            chunkBytes += bytes.count
        }
        notify()
    }

    /// Marks the body complete (`failed`: the producer threw, so the response must be cut short).
    func finish(failed: Bool) {
        lock.withLock {
            finished = true
            self.failed = failed
        }
        notify()
    }

    /// Loop side: takes the pending chunks and whether the body is complete (and whether it failed).
    func take() -> (chunks: [[UInt8]], finished: Bool, failed: Bool) {
        lock.withLock {
            let taken = chunks
            chunks = []
            chunkBytes = 0
            lock.broadcast()
            return (taken, finished, failed)
        }
    }

    /// Loop side: reports the connection's unsent bytes, waking the producer when they drop.
    func updateBacklog(_ bytes: Int) {
        lock.withLock {
            backlog = bytes
            lock.broadcast()
        }
    }

    /// Loop side: the connection closed; a blocked or later `write` throws.
    func cancel() {
        lock.withLock {
            cancelled = true
            lock.broadcast()
        }
    }
}

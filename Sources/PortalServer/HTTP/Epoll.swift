internal import COpenSSL  // for <sys/epoll.h> and <sys/eventfd.h>, see shim.h

#if canImport(Glibc)
    import Glibc
#endif

/// An epoll instance (level-triggered) plus the readiness bits the server uses. The only file that sees
/// `sys/epoll.h`/`sys/eventfd.h`.
struct Epoll {
    /// Readable (EPOLLIN).
    static let readable = UInt32(EPOLLIN.rawValue)
    /// Writable (EPOLLOUT).
    static let writable = UInt32(EPOLLOUT.rawValue)
    /// Hang-up or error (always reported).
    static let hangUpOrError = UInt32(EPOLLHUP.rawValue) | UInt32(EPOLLERR.rawValue)

    /// The epoll descriptor.
    let fd: Int32

    /// A new epoll instance; failure (out of descriptors at start-up) is unrecoverable.
    init() {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(fd >= 0, "epoll_create1 failed: \(errno)")
    }

    /// Watches `target` for `events`, reporting `tag` with each event.
    func add(_ target: Int32, events: UInt32, tag: UInt64) {
        control(EPOLL_CTL_ADD, target, events: events, tag: tag)
    }

    /// Changes what `target` is watched for.
    func modify(_ target: Int32, events: UInt32, tag: UInt64) {
        control(EPOLL_CTL_MOD, target, events: events, tag: tag)
    }

    /// Stops watching `target`.
    func remove(_ target: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, target, &event)
    }

    private func control(_ operation: Int32, _ target: Int32, events: UInt32, tag: UInt64) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = tag
        _ = epoll_ctl(fd, operation, target, &event)
    }

    /// Waits up to `timeoutMillis` (-1: forever) and fills `events`; returns how many are ready.
    func wait(_ events: EpollEvents, timeoutMillis: Int32) -> Int {
        let count = events.storage.withUnsafeMutableBufferPointer { buffer in
            epoll_wait(fd, buffer.baseAddress, Int32(buffer.count), timeoutMillis)
        }
        if count < 0 {
            precondition(errno == EINTR, "epoll_wait failed: \(errno)")
            return 0
        }
        return Int(count)
    }

    /// Closes the instance.
    func close() { _ = Glibc.close(fd) }
}

/// The buffer `Epoll.wait` fills.
final class EpollEvents {
    fileprivate var storage: [epoll_event]

    /// Room for `capacity` events per wait.
    init(capacity: Int) { storage = [epoll_event](repeating: epoll_event(), count: capacity) }

    /// The readiness bits and tag of event `index`.
    subscript(index: Int) -> (events: UInt32, tag: UInt64) {
        (storage[index].events, storage[index].data.u64)
    }
}

/// An eventfd used to wake an event loop from other threads.
struct EventFD {
    /// The descriptor.
    let fd: Int32

    /// A nonblocking eventfd.
    init() {
        fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        precondition(fd >= 0, "eventfd failed: \(errno)")
    }

    /// Makes the descriptor readable.
    func signal() {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    /// Resets it.
    func drain() {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
    }

    /// Closes it.
    func close() { _ = Glibc.close(fd) }
}

import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A message to an event loop from another thread.
enum LoopMessage {
    /// A worker finished a handler; `channel` carries the body of a streamed response.
    case response(HTTPConnection, HTTPResponse, StreamChannel?)
    /// A stream has chunks (or its end) to send.
    case streamReady(HTTPConnection)
    /// Stop accepting and drain until `deadline` (monotonic nanoseconds).
    case shutdown(deadline: UInt64)
    /// Take over a connection another loop accepted (load balancing).
    case adopt(fd: Int32, address: String, redirect: Bool)
}

/// One epoll thread: its own listeners (SO_REUSEPORT), connections, deadline lists, date cache and
/// read buffer. Connections are only touched on this thread; other threads talk to it through `post`.
final class EventLoop: @unchecked Sendable {
    /// Which kind of timeout a connection is waiting on.
    enum TimerKind: Int {
        case head = 0
        case body
        case idle
        case write
        case linger
    }

    private struct Envelope: @unchecked Sendable {
        let message: LoopMessage
    }

    /// Position of this loop (its metrics shard).
    let index: Int
    /// The server (configuration, responder, TLS context, metrics).
    unowned let server: HTTPServer
    /// The shared worker pool.
    let pool: WorkerPool
    private let epoll = Epoll()
    private let wake = EventFD()
    private var listeners: [(fd: Int32, redirect: Bool)]
    private let inbox = Mutex<[Envelope]>([])
    private var connections: [HTTPConnection?] = []
    private var connectionCount = 0
    /// Connections whose TLS layer holds input epoll cannot report: handled again before the next wait.
    private var revisits: [HTTPConnection] = []
    /// Connections this loop owns or is about to adopt; read by other loops to balance accepts.
    let load = Atomic<Int>(0)
    /// Every loop of the server (set once before the threads start).
    var peers: [EventLoop] = []
    private(set) var timers: [DeadlineList]
    /// The `Date` line cache.
    var dateCache = HTTPDateCache()
    /// Shared read buffer: TLS records are decrypted here, then copied into the connection's parser.
    let readBuffer: UnsafeMutableRawBufferPointer
    private var drainDeadline: UInt64?
    /// True once shutdown began: responses close their connections.
    private(set) var draining = false
    /// The current monotonic time, read once per wake-up.
    private(set) var now: UInt64 = 0

    private static let listenerTag: UInt64 = 1 << 40
    private static let wakeTag: UInt64 = 1 << 41

    /// A loop serving its own SO_REUSEPORT listeners.
    init(index: Int, server: HTTPServer, pool: WorkerPool, httpsListener: Int32, redirectListener: Int32?) {
        self.index = index
        self.server = server
        self.pool = pool
        listeners = [(httpsListener, false)]
        if let redirectListener { listeners.append((redirectListener, true)) }
        let timeouts = server.configuration.timeouts
        timers = [timeouts.handshakeAndHead, timeouts.bodyProgress, timeouts.idle, timeouts.writeProgress, timeouts.linger]
            .map { DeadlineList(duration: UInt64($0 * 1e9)) }
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        epoll.add(wake.fd, events: Epoll.readable, tag: EventLoop.wakeTag)
        for (position, listener) in listeners.enumerated() {
            epoll.add(listener.fd, events: Epoll.readable, tag: EventLoop.listenerTag | UInt64(position))
        }
    }

    deinit {
        readBuffer.deallocate()
        epoll.close()
        wake.close()
    }

    /// Hands a message to the loop from any thread; wakes it only when its inbox was empty.
    func post(_ message: LoopMessage) {
        let wasEmpty = inbox.withLock { inbox in
            inbox.append(Envelope(message: message))
            return inbox.count == 1
        }
        if wasEmpty { wake.signal() }
    }

    /// The loop thread's kernel id and what became of its slice request (set once the thread has started).
    let threadInfo = Mutex<(threadID: Int32, slice: ThreadScheduling.SliceResult?)?>(nil)

    /// First thing on the loop's thread: asks for the configured scheduler slice (a refusal is logged; the
    /// loop runs with the kernel's default either way).
    func startThread(slice: UInt64?) {
        let result = slice.map { ThreadScheduling.requestSlice(nanoseconds: $0) }
        if case .failed(let code) = result {
            server.errorLog("event loop \(index): scheduler slice of \(slice ?? 0) ns refused (errno \(code)); using the default")
        }
        threadInfo.withLock { $0 = (ThreadScheduling.currentThreadID, result) }
    }

    /// The loop body; returns when shutdown has drained every connection.
    func run() {
        let events = EpollEvents(capacity: 256)
        while true {
            now = Clock.monotonicNanos()
            let count = epoll.wait(events, timeoutMillis: waitMillis())
            now = Clock.monotonicNanos()
            for position in 0..<count {
                let event = events[position]
                let tag = event.tag
                if tag == EventLoop.wakeTag {
                    drainInbox()
                } else if tag & EventLoop.listenerTag != 0 {
                    acceptAll(listenerPosition: Int(tag & 0xFFFF))
                } else if let connection = connection(for: Int32(truncatingIfNeeded: tag)) {
                    connection.handle(events: event.events)
                    revisitIfNeeded(connection)
                }
            }
            expireTimers()
            runRevisits()
            if let deadline = drainDeadline {
                if connectionCount == 0 { break }
                if now >= deadline {
                    for connection in connections.compactMap({ $0 }) { connection.close() }
                    break
                }
            }
        }
        while let message = inbox.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            switch message.message {
            case .response(let connection, _, let channel):
                channel?.cancel()
                connection.close()
            case .adopt(let fd, _, _):
                _ = close(fd)
            default:
                break
            }
        }
    }

    private func waitMillis() -> Int32 {
        if !revisits.isEmpty { return 0 }
        if drainDeadline != nil { return 50 }
        var earliest = UInt64.max
        for list in timers { if let head = list.head { earliest = min(earliest, head.deadline) } }
        guard earliest != .max else { return -1 }
        let delta = earliest > now ? (earliest - now) / 1_000_000 + 1 : 0
        return Int32(min(delta, 1000))
    }

    // MARK: registration

    /// Changes the epoll interest of a connection's socket.
    func modify(_ fd: Int32, events: UInt32) {
        epoll.modify(fd, events: events, tag: UInt64(UInt32(bitPattern: fd)))
    }

    private func connection(for fd: Int32) -> HTTPConnection? {
        let index = Int(fd)
        return index >= 0 && index < connections.count ? connections[index] : nil
    }

    /// Forgets a closed connection (its fd is closed by the caller right after).
    func remove(_ connection: HTTPConnection) {
        let index = Int(connection.fd)
        guard index < connections.count, connections[index] === connection else { return }
        connections[index] = nil
        connectionCount -= 1
        load.wrappingSubtract(1, ordering: .relaxed)
        if let kind = connection.timerKind { timers[kind.rawValue].remove(connection) }
        connection.timerKind = nil
        server.metrics.connectionDelta(-1)
    }

    /// Queues `connection` to be handled again before the loop waits if OpenSSL holds input for it (read ahead
    /// of what it returned, or left behind by the per-wake-up read bound).
    private func revisitIfNeeded(_ connection: HTTPConnection) {
        guard !connection.revisitQueued, connection.hasUnreadTLSInput else { return }
        connection.revisitQueued = true
        revisits.append(connection)
    }

    private func runRevisits() {
        guard !revisits.isEmpty else { return }
        let due = revisits
        revisits.removeAll(keepingCapacity: true)
        for pending in due {
            pending.revisitQueued = false
            guard connection(for: pending.fd) === pending else { continue }
            pending.handle(events: Epoll.readable)
            revisitIfNeeded(pending)
        }
    }

    // MARK: timers

    /// Puts `connection` on the `kind` list with a fresh deadline (nil: no timeout).
    func setTimer(_ connection: HTTPConnection, _ kind: TimerKind?) {
        if let current = connection.timerKind { timers[current.rawValue].remove(connection) }
        connection.timerKind = kind
        if let kind { timers[kind.rawValue].append(connection, now: now) }
    }

    private func expireTimers() {
        for kind in 0..<timers.count {
            while let connection = timers[kind].popExpired(now: now) {
                connection.timerKind = nil
                connection.timedOut()
            }
        }
    }

    // MARK: accept and messages

    /// Accepts pending connections. SO_REUSEPORT spreads them by hash, which leaves loops unevenly loaded
    /// with few long-lived connections (and the busier loop's clients see the worse tail latency), so each
    /// connection goes to the least-loaded loop, handed over through its inbox when that is another loop.
    private func acceptAll(listenerPosition: Int) {
        guard listenerPosition < listeners.count, drainDeadline == nil else { return }
        let listener = listeners[listenerPosition]
        for _ in 0..<64 {
            guard let (fd, address) = Socket.accept(listener.fd) else { return }
            var target = self
            var least = load.load(ordering: .relaxed)
            for peer in peers where peer !== self {
                let peerLoad = peer.load.load(ordering: .relaxed)
                if peerLoad < least {
                    least = peerLoad
                    target = peer
                }
            }
            target.load.wrappingAdd(1, ordering: .relaxed)
            if target === self {
                adopt(fd: fd, address: address, redirect: listener.redirect)
            } else {
                target.post(.adopt(fd: fd, address: address, redirect: listener.redirect))
            }
        }
    }

    /// Starts serving an accepted socket on this loop.
    private func adopt(fd: Int32, address: String, redirect: Bool) {
        guard drainDeadline == nil else {
            load.wrappingSubtract(1, ordering: .relaxed)
            _ = close(fd)
            return
        }
        let tls: TLSConnection?
        if redirect {
            tls = nil
        } else {
            do {
                tls = try server.tlsContext.makeConnection(fd: fd)
            } catch {
                server.errorLog("tls: \(error)")
                load.wrappingSubtract(1, ordering: .relaxed)
                _ = close(fd)
                return
            }
        }
        let connection = HTTPConnection(fd: fd, loop: self, tls: tls, remoteAddress: address)
        let index = Int(fd)
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(index + 1 - connections.count, connections.count)))
        }
        connections[index] = connection
        connectionCount += 1
        server.metrics.connectionDelta(1)
        epoll.add(fd, events: Epoll.readable, tag: UInt64(UInt32(bitPattern: fd)))
        setTimer(connection, .head)
        connection.start()
        revisitIfNeeded(connection)
    }

    private func drainInbox() {
        wake.drain()
        let messages = inbox.withLock { inbox -> [Envelope] in
            let taken = inbox
            inbox.removeAll(keepingCapacity: true)
            return taken
        }
        for envelope in messages {
            switch envelope.message {
            case .response(let connection, let response, let channel):
                connection.workerFinished(response, channel: channel)
                revisitIfNeeded(connection)
            case .streamReady(let connection):
                connection.streamReady()
                revisitIfNeeded(connection)
            case .shutdown(let deadline):
                beginDrain(deadline: deadline)
            case .adopt(let fd, let address, let redirect):
                adopt(fd: fd, address: address, redirect: redirect)
            }
        }
    }

    private func beginDrain(deadline: UInt64) {
        guard drainDeadline == nil else { return }
        drainDeadline = deadline
        draining = true
        for listener in listeners {
            epoll.remove(listener.fd)
            _ = close(listener.fd)
        }
        listeners = []
        for connection in connections.compactMap({ $0 }) { connection.drain() }
    }
}

import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTPS server: listeners → event loops (epoll) → TLS → `HTTPConnection` → responder, with
/// `.worker` routes on a bounded worker pool.
///
/// `start()` binds and returns; `run()` blocks until a `shutdown()` has drained everything. A
/// certificate reload (`reloadCertificates`, wired to SIGHUP by the serve command) affects new
/// connections only; open ones keep the context they started with.
final class HTTPServer: Sendable {
    /// The configuration in force.
    let configuration: Configuration
    /// The frozen routes and middleware.
    let responder: Responder
    /// Counters for the health page.
    let metrics: HTTPMetrics
    /// Where parse-error and overload lines go (the access-log middleware logs routed requests).
    let accessLog: BufferedLogger?
    /// Where handler errors and server events go.
    let errorLog: @Sendable (String) -> Void

    private let tls: Mutex<TLSContext>
    private let state = Mutex(RunState())
    private let stopped = ConditionLock()
    private let pool: WorkerPool

    private struct RunState {
        var loops: [EventLoop] = []
        var port = 0
        var redirectPort: Int?
        var running = 0
        var started = false
    }

    /// Prepares a server (loads the certificate); nothing is bound until `start()`.
    init(
        configuration: Configuration, responder: Responder, metrics: HTTPMetrics? = nil, accessLog: BufferedLogger? = nil,
        errorLog: @escaping @Sendable (String) -> Void = HTTPServer.standardError
    ) throws(TLSError) {
        self.configuration = configuration
        self.responder = responder
        self.metrics = metrics ?? HTTPMetrics(shards: configuration.eventLoops)
        self.accessLog = accessLog
        self.errorLog = errorLog
        tls = Mutex(
            try TLSContext(
                certificateChainPath: configuration.certificateChainPath, privateKeyPath: configuration.privateKeyPath))
        pool = WorkerPool(threads: configuration.workers, queueCapacity: configuration.workerQueue)
    }

    /// The bound HTTPS port (after `start()`).
    var port: Int { state.withLock { $0.port } }
    /// The bound redirect port, if that listener is on.
    var redirectPort: Int? { state.withLock { $0.redirectPort } }
    /// The served certificate's details.
    var certificate: TLSCertificateInfo { tls.withLock { $0.certificate } }
    /// The context new connections use.
    var tlsContext: TLSContext { tls.withLock { $0 } }
    /// The worker pool (for tests and the health page).
    var workers: WorkerPool { pool }
    /// The event loops (after `start()`).
    var eventLoops: [EventLoop] { state.withLock { $0.loops } }

    /// Binds the listeners and starts the event loops.
    func start() throws(SocketError) {
        Socket.raiseOpenFileLimit()
        let count = max(1, configuration.eventLoops)
        var httpsFDs: [Int32] = []
        var redirectFDs: [Int32] = []
        do {
            var port = configuration.port
            for _ in 0..<count {
                let fd = try Socket.listen(host: configuration.bindAddress, port: port, reusePort: true)
                httpsFDs.append(fd)
                port = Socket.localPort(fd)
            }
            if var redirect = configuration.redirectPort {
                for _ in 0..<count {
                    let fd = try Socket.listen(host: configuration.bindAddress, port: redirect, reusePort: true)
                    redirectFDs.append(fd)
                    redirect = Socket.localPort(fd)
                }
            }
        } catch {
            for fd in httpsFDs + redirectFDs { _ = close(fd) }
            throw error
        }
        let loops = (0..<count).map { index in
            EventLoop(
                index: index, server: self, pool: pool, httpsListener: httpsFDs[index],
                redirectListener: redirectFDs.isEmpty ? nil : redirectFDs[index])
        }
        for loop in loops { loop.peers = loops }
        state.withLock { state in
            state.loops = loops
            state.port = Socket.localPort(httpsFDs[0])
            state.redirectPort = redirectFDs.first.map(Socket.localPort)
            state.started = true
        }
        stopped.withLock { state.withLock { $0.running = loops.count } }
        for loop in loops {
            PosixThread.spawn(stackSize: 2 * 1024 * 1024) { [self] in
                loop.startThread(slice: configuration.eventLoopSlice)
                loop.run()
                stopped.withLock {
                    state.withLock { $0.running -= 1 }
                    stopped.broadcast()
                }
            }
        }
    }

    /// Starts and blocks until shutdown has completed.
    func run() throws(SocketError) {
        try start()
        waitUntilStopped()
    }

    /// Stops accepting, lets in-flight requests finish within `shutdownGrace`, closes idle connections.
    /// Returns at once; `waitUntilStopped()` waits for the end.
    func shutdown() {
        let deadline = Clock.monotonicNanos() &+ UInt64(configuration.shutdownGrace * 1e9)
        for loop in state.withLock({ $0.loops }) { loop.post(.shutdown(deadline: deadline)) }
    }

    /// Blocks until every event loop has stopped, then stops the workers and flushes the log.
    func waitUntilStopped() {
        guard state.withLock({ $0.started }) else { return }
        stopped.withLock {
            while state.withLock({ $0.running }) > 0 { stopped.wait() }
        }
        pool.shutdown(timeoutNanos: 1_000_000_000)
        accessLog?.flush()
    }

    /// Writes a line to standard error (the default error log; one write call, so lines do not interleave).
    static let standardError: @Sendable (String) -> Void = { line in
        let bytes = Array((line.hasSuffix("\n") ? line : line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Loads the configured certificate and key again into a new context for new connections.
    func reloadCertificates() throws(TLSError) {
        let context = try TLSContext(
            certificateChainPath: configuration.certificateChainPath, privateKeyPath: configuration.privateKeyPath)
        tls.withLock { $0 = context }
    }
}

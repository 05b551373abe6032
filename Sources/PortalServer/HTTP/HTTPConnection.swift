#if canImport(Glibc)
    import Glibc
#endif

/// One client connection's state machine, confined to its event loop's thread.
///
/// handshake → active (parse; inline handlers answer at once, worker handlers park the connection in
/// awaitingResponse) → … → closingAfterWrite → lingering → closed. Requests are handled one at a time
/// in arrival order, so pipelined responses go out in order whatever mode each route has; bytes of
/// later requests wait in the parser (reading pauses past 64 KiB). Responses of one read batch are
/// written with one TLS write.
final class HTTPConnection {
    /// Where the connection is in its life.
    enum Phase: Equatable {
        case handshake
        case active
        case awaitingResponse
        case streaming
        case closingAfterWrite
        case lingering
        case closed
    }

    /// What the connection remembers about the request being answered.
    struct Inflight {
        /// HEAD: no body is sent.
        var isHead: Bool
        /// Whether the connection may stay open afterwards.
        var keepAlive: Bool
        /// The request's version.
        var version: HTTPVersion
        /// The matched route pattern.
        var route: String?
        /// When the head was complete (monotonic ns).
        var start: UInt64
        /// The method (for the log).
        var method: HTTPMethod
        /// The raw path (for the log).
        var rawPath: Substring
        /// The request id once known.
        var requestID: String?
    }

    /// The socket.
    let fd: Int32
    /// The loop that owns this connection (it outlives every connection it holds, hence unowned(unsafe):
    /// no reference-count traffic on the hot path).
    unowned(unsafe) let loop: EventLoop
    /// The TLS session; nil on the plain redirect listener.
    let tls: TLSConnection?
    /// The peer's IP address.
    let remoteAddress: String
    /// The current phase.
    var phase = Phase.handshake
    /// The request parser (holds bytes of later pipelined requests).
    var parser: HTTPRequestParser
    /// The head whose body is being read.
    var head: HTTPRequestHead?
    /// The route lookup for `head`.
    var resolution: Responder.Resolution?
    /// The request being answered.
    var inflight: Inflight?
    /// Serialized responses not yet written.
    var outbound: [UInt8] = []
    /// How much of `outbound` is written.
    var outOffset = 0
    /// The streamed body being sent.
    var stream: StreamChannel?
    /// Whether that stream is chunk-encoded (HTTP/1.1) or close-delimited.
    var streamChunked = false
    /// Close once the current response is out (Connection: close, shutdown).
    var closeAfterResponse = false
    /// The client closed its side.
    var peerClosed = false
    private var interest = Epoll.readable
    private var readPaused = false
    /// The last TLS read or handshake step needed more bytes from the socket (so epoll reports their arrival).
    private var tlsAwaitsSocket = true
    /// Queued on the loop's revisit list (see `hasUnreadTLSInput`).
    var revisitQueued = false
    /// A body is being read (the body-progress timeout applies).
    var inBody = false
    /// Responses sent so far; before the first, the handshake-and-head timeout applies instead of idle.
    var requestCount = 0

    // Deadline-list links (owned by the loop's `DeadlineList`s).
    var deadline: UInt64 = 0
    var timerPrevious: HTTPConnection?
    var timerNext: HTTPConnection?
    var timerKind: EventLoop.TimerKind?

    /// Bytes of later requests buffered before reading pauses while a response is pending.
    static let pipelineBufferLimit = 64 * 1024

    /// A connection accepted on `fd`.
    init(fd: Int32, loop: EventLoop, tls: TLSConnection?, remoteAddress: String) {
        self.fd = fd
        self.loop = loop
        self.tls = tls
        self.remoteAddress = remoteAddress
        self.parser = HTTPRequestParser(limits: loop.server.configuration.limits)
    }

    /// True for a plain-HTTP connection of the redirect listener.
    var isRedirectOnly: Bool { tls == nil }

    /// True when OpenSSL holds input it read ahead (one read(2) can bring many records) that this connection
    /// wants but has not taken: epoll cannot report it, so the loop handles the connection again before it waits.
    /// Not after a read that found only part of a record: the rest comes through the socket, which epoll reports.
    var hasUnreadTLSInput: Bool {
        phase != .closed && !tlsAwaitsSocket && interest & Epoll.readable != 0 && tls?.hasBufferedRecords == true
    }

    /// Begins the handshake (or, without TLS, reading).
    func start() {
        if tls == nil {
            phase = .active
        } else {
            advanceHandshake()
        }
    }

    /// Reacts to epoll readiness.
    func handle(events: UInt32) {
        switch phase {
        case .closed:
            return
        case .handshake:
            advanceHandshake()
            return
        default:
            break
        }
        // EPOLLHUP/EPOLLERR: both directions are gone (or reset); nothing more can be delivered.
        if events & Epoll.hangUpOrError != 0 {
            close()
            return
        }
        if events & Epoll.writable != 0 { flush() }
        if phase != .closed, events & Epoll.readable != 0 { onReadable() }
    }

    private func advanceHandshake() {
        guard let tls else { return }
        switch tls.handshake() {
        case .done:
            phase = .active
            setInterest(read: true, write: false)
            onReadable()
        case .wantRead:
            setInterest(read: true, write: false)
        case .wantWrite:
            setInterest(read: true, write: true)
        case .closed, .failed:
            close()
        }
    }

    private func onReadable() {
        switch phase {
        case .lingering:
            discardInput()
        case .active:
            readAvailable()
            guard phase != .closed else { return }
            process()
        case .awaitingResponse, .streaming:
            readAvailable()
        case .closingAfterWrite:
            discardInput()
        case .handshake, .closed:
            break
        }
    }

    /// Reads what the socket has into the parser (bounded per wake-up for fairness).
    private func readAvailable() {
        var progressed = false
        defer {
            if progressed && inBody && phase == .active { loop.setTimer(self, .body) }
        }
        for _ in 0..<16 {
            if phase != .active && parser.bufferedByteCount >= HTTPConnection.pipelineBufferLimit {
                readPaused = true
                updateInterest()
                return
            }
            switch receive() {
            case .done(let count):
                parser.append(UnsafeRawBufferPointer(rebasing: loop.readBuffer[0..<count]))
                progressed = true
                // Level-triggered epoll reports the socket again if more is waiting, so stop here rather
                // than pay a read that returns EAGAIN on every keep-alive request.
                if tls?.hasBufferedRecords != true && count < loop.readBuffer.count { return }
            case .wantRead:
                return
            case .wantWrite:
                setInterest(read: false, write: true)
                return
            case .closed:
                peerClosed = true
                setInterest(read: false, write: interest & Epoll.writable != 0)
                return
            case .failed:
                close()
                return
            }
        }
    }

    private func receive() -> TLSConnection.Outcome {
        if let tls {
            let outcome = tls.read(into: loop.readBuffer)
            tlsAwaitsSocket = outcome == .wantRead
            return outcome
        }
        let count = recv(fd, loop.readBuffer.baseAddress, loop.readBuffer.count, 0)
        if count > 0 { return .done(count) }
        if count == 0 { return .closed }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wantRead : .failed
    }

    private func send(_ bytes: UnsafeRawBufferPointer) -> TLSConnection.Outcome {
        if let tls { return tls.write(bytes) }
        let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        if count >= 0 { return .done(count) }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .wantWrite : .failed
    }

    /// Reads and drops input (lingering close, or a request we already refused).
    private func discardInput() {
        for _ in 0..<16 {
            switch receive() {
            case .done: continue
            case .wantRead, .wantWrite: return
            case .closed, .failed:
                if phase == .lingering {
                    close()
                } else {
                    peerClosed = true
                    setInterest(read: false, write: interest & Epoll.writable != 0)
                }
                return
            }
        }
    }

    /// Parses and answers complete requests while the connection is active, then flushes once.
    func process() {
        while phase == .active {
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                refuse(error)
                break
            }
            guard let event else { break }
            switch event {
            case .head(let head):
                beginRequest(head)
            case .body(let body):
                inBody = false
                guard let head = self.head else { preconditionFailure("body without head") }
                self.head = nil
                dispatch(head, body: body)
            }
        }
        if phase == .active {
            if parser.isIdle {
                if peerClosed {
                    closeAfterFlush()
                } else if requestCount == 0 {
                    if timerKind != .head { loop.setTimer(self, .head) }
                } else {
                    loop.setTimer(self, .idle)
                    parser.releaseMemoryIfIdle()
                }
            } else if peerClosed {
                closeAfterFlush()
            } else if !inBody && timerKind != .head {
                loop.setTimer(self, .head)
            }
        }
        flush()
    }

    private func beginRequest(_ head: HTTPRequestHead) {
        self.head = head
        let responder = loop.server.responder
        if isRedirectOnly {
            resolution = nil
            parser.setBodyLimit(0)
            if head.hasBody {
                // The redirect listener takes no content: answer and close without reading it.
                self.head = nil
                dispatch(head, body: [], forceClose: true)
            }
            return
        }
        let path = HTTPRequestTarget.percentDecode(head.rawPath) ?? ""
        let resolution = responder.resolve(method: head.method, rawPath: head.rawPath, path: path)
        self.resolution = resolution
        let limit = responder.bodyLimit(for: resolution)
        parser.setBodyLimit(limit)
        guard head.hasBody else { return }
        if let length = head.contentLength, length > limit {
            refuse(.contentTooLarge)
            return
        }
        if case .route = resolution {
            if head.expectsContinue {
                // RFC 9110 §10.1.1: the interim 100 goes out only when the body will be read.
                outbound.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
                flush()
            }
            inBody = true
            loop.setTimer(self, .body)
        } else {
            // 404/405 are known before the body: answer now and close rather than read content nobody wants.
            self.head = nil
            dispatch(head, body: [], forceClose: true)
        }
    }

    /// Puts the connection in closing state; the close happens when the output is flushed.
    func closeAfterFlush() {
        guard phase != .closed, phase != .lingering else { return }
        phase = .closingAfterWrite
        loop.setTimer(self, .write)
    }

    // MARK: output

    /// Writes buffered output; on completion moves on (idle, lingering close, or stream backpressure).
    func flush() {
        guard phase != .closed else { return }
        var wrote = false
        while outOffset < outbound.count {
            let outcome = outbound.withUnsafeBytes { raw in
                send(UnsafeRawBufferPointer(rebasing: raw[outOffset...]))
            }
            switch outcome {
            case .done(let count):
                outOffset += count
                wrote = true
            case .wantWrite:
                if wrote || timerKind != .write { loop.setTimer(self, .write) }
                setInterest(read: !readPaused && phase != .closingAfterWrite, write: true)
                stream?.updateBacklog(outbound.count - outOffset)
                return
            case .wantRead:
                setInterest(read: true, write: false)
                return
            case .closed, .failed:
                close()
                return
            }
        }
        if outbound.capacity > 16 * 1024 {
            outbound = []
        } else {
            outbound.removeAll(keepingCapacity: true)
        }
        outOffset = 0
        switch phase {
        case .closingAfterWrite:
            startLingering()
        case .streaming:
            if timerKind == .write { loop.setTimer(self, nil) }
            stream?.updateBacklog(0)
            setInterest(read: !readPaused, write: false)
        case .active:
            if timerKind == .write { loop.setTimer(self, parser.isIdle ? .idle : .head) }
            setInterest(read: true, write: false)
        default:
            setInterest(read: !readPaused, write: false)
        }
    }

    /// Half-closes and drains input briefly so the client reads our last response before any RST.
    private func startLingering() {
        tls?.shutdown()
        _ = shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        if peerClosed {
            close()
            return
        }
        loop.setTimer(self, .linger)
        setInterest(read: true, write: false)
    }

    /// Called by the loop when this connection's timer fires.
    func timedOut() {
        close()
    }

    /// Shutdown began: idle connections close now; busy ones close after their current response.
    func drain() {
        switch phase {
        case .handshake:
            close()
        case .active where parser.isIdle && outOffset == outbound.count:
            close()
        default:
            closeAfterResponse = true
        }
    }

    /// Closes the socket at once.
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        stream?.cancel()
        stream = nil
        loop.remove(self)
        _ = Glibc.close(fd)
        outbound = []
        parser = HTTPRequestParser(limits: parser.limits)
    }

    /// Resumes reading after a pause, once a pending response is done.
    func resumeReading() {
        guard readPaused else { return }
        readPaused = false
        updateInterest()
    }

    private func setInterest(read: Bool, write: Bool) {
        var wanted: UInt32 = 0
        if read { wanted |= Epoll.readable }
        if write { wanted |= Epoll.writable }
        guard wanted != interest else { return }
        interest = wanted
        loop.modify(fd, events: wanted)
    }

    private func updateInterest() {
        setInterest(read: !readPaused && !peerClosed, write: outOffset < outbound.count)
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// Lets a worker carry a connection reference back to its loop without touching it.
private struct ConnectionHandle: @unchecked Sendable {
    let connection: HTTPConnection
}

extension HTTPConnection {
    /// Runs the handler for a complete request: inline on the loop, or on a worker.
    func dispatch(_ head: HTTPRequestHead, body: [UInt8], forceClose: Bool = false) {
        let server = loop.server
        let start = Clock.monotonicNanos()
        inflight = Inflight(
            isHead: head.method == .head, keepAlive: head.keepAlive && !forceClose, version: head.version, route: nil,
            start: start, method: head.method, rawPath: head.rawPath)
        if isRedirectOnly {
            writeResponse(RedirectResponder.response(for: head, configuration: server.configuration, boundPort: server.port))
            return
        }
        let request: HTTPRequest
        do {
            request = try HTTPRequest(head: head, body: body, remoteAddress: remoteAddress, isSecure: true)
        } catch {
            refuse(error)
            return
        }
        let responder = server.responder
        guard let resolution else { preconditionFailure("request without resolution") }
        var context = RequestContext(remoteAddress: remoteAddress, startNanos: start)
        responder.prepare(&context, for: resolution)
        let prepared = context
        inflight?.route = context.route
        switch responder.execution(for: resolution) {
        case .inline:
            let response = responder.respond(to: request, resolution: resolution, context: &context)
            inflight?.requestID = context.requestID
            if case .stream = response.body, !head.isHeadRequest {
                server.errorLog("route \(context.route ?? "-") streams from an inline handler; streams need .worker")
                writeResponse(HTTPResponse.text("500 Internal Server Error\n", status: .internalServerError))
            } else {
                writeResponse(response)
            }
        case .worker:
            phase = .awaitingResponse
            loop.setTimer(self, nil)
            let handle = ConnectionHandle(connection: self)
            let loop = self.loop
            let bound = server.configuration.streamBufferBound
            let errorLog = server.errorLog
            let isHead = head.method == .head
            let accepted = loop.pool.submit {
                var context = prepared
                let response = responder.respond(to: request, resolution: resolution, context: &context)
                guard case .stream(let producer) = response.body, !isHead else {
                    loop.post(.response(handle.connection, response, nil))
                    return
                }
                let channel = StreamChannel(bound: bound) { loop.post(.streamReady(handle.connection)) }
                loop.post(.response(handle.connection, response, channel))
                do {
                    try producer(channel)
                    channel.finish(failed: false)
                } catch is StreamChannel.Cancelled {
                    channel.finish(failed: true)
                } catch {
                    errorLog("request_id=\(context.requestID) stream error=\(error)")
                    channel.finish(failed: true)
                }
            }
            if !accepted {
                phase = .active
                var response = responder.errorResponse(
                    .serviceUnavailable, message: "The server is busy; try again shortly.", request: request, context: context)
                response.headers.replace(.retryAfter, with: "1")
                decorateOutsideChain(&response)
                logAccess(status: response.status.code, bytes: response.bodyCount ?? 0)
                writeResponse(response)
            }
        }
    }

    /// A worker's response arrived (on the loop thread).
    func workerFinished(_ response: HTTPResponse, channel: StreamChannel?) {
        guard phase == .awaitingResponse else {
            channel?.cancel()
            return
        }
        phase = .active
        writeResponse(response, channel: channel)
        if phase == .active {
            resumeReading()
            process()
        } else {
            flush()
        }
    }

    /// A stream has chunks or its end ready (on the loop thread).
    func streamReady() {
        guard phase == .streaming, let channel = stream else { return }
        let (chunks, finished, failed) = channel.take()
        for chunk in chunks {
            if streamChunked {
                outbound.append(contentsOf: String(chunk.count, radix: 16).utf8)
                outbound.append(contentsOf: [13, 10])
                outbound.append(contentsOf: chunk)
                outbound.append(contentsOf: [13, 10])
            } else {
                outbound.append(contentsOf: chunk)
            }
        }
        if finished {
            stream = nil
            if failed {
                // The status is long gone; cutting the connection is the only way to say the body is incomplete.
                flush()
                close()
                return
            }
            if streamChunked { outbound.append(contentsOf: "0\r\n\r\n".utf8) }
            inflight = nil
            if closeAfterResponse {
                closeAfterFlush()
                flush()
            } else {
                phase = .active
                resumeReading()
                process()
            }
            return
        }
        flush()
    }

    /// Answers a request that failed to parse (or whose body is too large) and closes the connection.
    func refuse(_ error: HTTPParseError) {
        let status = error.status
        if inflight == nil {
            inflight = Inflight(
                isHead: false, keepAlive: false, version: head?.version ?? .http11, route: nil, start: loop.now,
                method: head?.method ?? HTTPMethod("-"), rawPath: head?.rawPath ?? "-")
        }
        inflight?.keepAlive = false
        head = nil
        inBody = false
        var response = HTTPResponse.text("\(status.code) \(status.reasonPhrase)\n", status: status)
        decorateOutsideChain(&response)
        logAccess(status: status.code, bytes: response.bodyCount ?? 0)
        writeResponse(response)
    }

    /// Adds what the middleware chain would have added, for responses made outside it.
    private func decorateOutsideChain(_ response: inout HTTPResponse) {
        let requestID = inflight?.requestID ?? RequestIDGenerator.next()
        inflight?.requestID = requestID
        response.headers.replace(.requestID, with: requestID)
        SecurityHeadersMiddleware.apply(to: &response.headers)
    }

    private func logAccess(status: Int, bytes: Int) {
        guard let log = loop.server.accessLog, let inflight else { return }
        let micros = (Clock.monotonicNanos() &- inflight.start) / 1000
        log.log(
            "time=\(Clock.iso8601Now()) method=\(inflight.method) path=\(inflight.rawPath) status=\(status) bytes=\(bytes) "
                + "duration_us=\(micros) request_id=\(inflight.requestID ?? "-") ip=\(remoteAddress)")
    }

    /// Serializes a response into the outbound buffer (Date, framing and Connection added here).
    func writeResponse(_ response: HTTPResponse, channel: StreamChannel? = nil) {
        guard let meta = inflight else { preconditionFailure("response without request") }
        var close = !meta.keepAlive || closeAfterResponse || loop.draining
        let status = response.status
        var chunked = false
        var contentLength: Int?
        switch response.body {
        case .bytes(let bytes):
            if !status.forbidsBody { contentLength = bytes.count }
        case .stream:
            if meta.isHead {
                if meta.version == .http11 { chunked = true }
            } else if meta.version == .http11 {
                chunked = true
            } else {
                close = true
            }
        }
        appendStatusLine(status)
        outbound.append(contentsOf: loop.dateCache.currentLine())
        for field in response.headers {
            switch field.name.canonical {
            case "content-length", "transfer-encoding", "connection", "date": continue
            default: break
            }
            outbound.append(contentsOf: field.name.rawValue.utf8)
            outbound.append(contentsOf: [58, 32])
            outbound.append(contentsOf: field.value.utf8)
            outbound.append(contentsOf: [13, 10])
        }
        if let contentLength {
            outbound.append(contentsOf: "Content-Length: ".utf8)
            outbound.append(contentsOf: String(contentLength).utf8)
            outbound.append(contentsOf: [13, 10])
        } else if chunked {
            outbound.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        }
        if close {
            outbound.append(contentsOf: "Connection: close\r\n".utf8)
        } else if meta.version == .http10 {
            outbound.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        outbound.append(contentsOf: [13, 10])
        if case .bytes(let bytes) = response.body, !meta.isHead, !status.forbidsBody {
            outbound.append(contentsOf: bytes)
        }
        let now = Clock.monotonicNanos()
        loop.server.metrics.record(
            status: status.code, route: meta.route, durationNanos: now &- meta.start, shard: loop.index, nowNanos: now)
        requestCount += 1
        closeAfterResponse = close
        if let channel, !meta.isHead {
            stream = channel
            streamChunked = chunked
            phase = .streaming
            return
        }
        channel?.cancel()
        inflight = nil
        if close { closeAfterFlush() }
    }

    private func appendStatusLine(_ status: HTTPStatus) {
        if status.code == 200 && status.reasonPhrase == "OK" {
            outbound.append(contentsOf: HTTPConnection.okLine)
            return
        }
        outbound.append(contentsOf: "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
    }

    private static let okLine: [UInt8] = Array("HTTP/1.1 200 OK\r\n".utf8)
}

extension HTTPRequestHead {
    /// True for HEAD.
    var isHeadRequest: Bool { method == .head }
}

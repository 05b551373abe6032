/// Writes one `key=value` line per request through a `BufferedLogger`: time, method, path (as sent,
/// so it cannot inject spaces or newlines), status, body bytes, duration, request id and remote IP.
struct AccessLogMiddleware: Middleware {
    /// Where lines go.
    let logger: BufferedLogger

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        let response = next(request, &context)
        let start = context.startNanos
        let micros = start == 0 ? 0 : (Clock.monotonicNanos() &- start) / 1000
        let bytes = response.bodyCount.map(String.init) ?? "stream"
        logger.log(
            "time=\(Clock.iso8601Now()) method=\(request.method) path=\(request.rawPath) status=\(response.status.code) "
                + "bytes=\(bytes) duration_us=\(micros) request_id=\(context.requestID) ip=\(request.remoteAddress)")
        return response
    }
}

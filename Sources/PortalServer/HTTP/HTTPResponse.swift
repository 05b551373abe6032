/// A response: status, fields and a body. `Date`, `Content-Length`/`Transfer-Encoding` and `Connection`
/// are added by the server when it writes the response; handlers never set them.
struct HTTPResponse: Sendable {
    /// How the body is produced.
    enum Body: Sendable {
        /// A complete body. Static files pass their pre-built, shared (copy-on-write) arrays here, so nothing
        /// is copied until the bytes are written to the connection.
        case bytes([UInt8])
        /// A large generated body: the closure runs on the worker thread and writes chunks through the
        /// writer, which blocks while the connection's outbound buffer is over its bound (backpressure).
        /// Sent chunked to HTTP/1.1 clients and close-delimited to HTTP/1.0 ones.
        case stream(@Sendable (any HTTPBodyWriter) throws -> Void)
    }

    /// The status.
    var status: HTTPStatus
    /// The fields.
    var headers: HTTPHeaders
    /// The body.
    var body: Body

    /// A response with a complete body.
    init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = .bytes(body)
    }

    /// A response with a streamed body.
    init(
        status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(),
        stream: @escaping @Sendable (any HTTPBodyWriter) throws -> Void
    ) {
        self.status = status
        self.headers = headers
        self.body = .stream(stream)
    }

    /// The complete body's size, or nil for a stream.
    var bodyCount: Int? {
        if case .bytes(let bytes) = body { return bytes.count }
        return nil
    }
}

/// Where a streamed body's chunks go. `write` blocks while the connection is backed up and throws
/// once the client has gone, so a producer stops early.
protocol HTTPBodyWriter: Sendable {
    /// Sends `bytes` as the next part of the body (an empty array is ignored).
    func write(_ bytes: [UInt8]) throws
}

extension HTTPBodyWriter {
    /// Sends a string's UTF-8 bytes.
    func write(_ text: String) throws { try write(Array(text.utf8)) }
}

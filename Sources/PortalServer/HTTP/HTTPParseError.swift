/// Why the parser refused a request. Every case maps to a final status; the connection closes after it.
enum HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Malformed syntax or framing (RFC 9112); answered 400.
    case badRequest(String)
    /// The request line is over `HTTPLimits.maxRequestLine`; answered 414.
    case uriTooLong
    /// The head, a field line or the field count is over its limit; answered 431.
    case headerFieldsTooLarge(String)
    /// The body is over the route's limit; answered 413.
    case contentTooLarge
    /// A method or transfer coding the server does not implement; answered 501.
    case notImplemented(String)
    /// A protocol version other than HTTP/1.0 or 1.1; answered 505.
    case versionNotSupported
    /// An `Expect` value other than `100-continue`; answered 417.
    case expectationFailed

    /// The status the server answers with.
    var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .contentTooLarge: .contentTooLarge
        case .notImplemented: .notImplemented
        case .versionNotSupported: .httpVersionNotSupported
        case .expectationFailed: .expectationFailed
        }
    }

    var description: String {
        switch self {
        case .badRequest(let why): "bad request: \(why)"
        case .uriTooLong: "request line too long"
        case .headerFieldsTooLarge(let why): "header fields too large: \(why)"
        case .contentTooLarge: "content too large"
        case .notImplemented(let what): "not implemented: \(what)"
        case .versionNotSupported: "HTTP version not supported"
        case .expectationFailed: "expectation failed"
        }
    }
}

/// The parsed head of one request: what the parser knows before the body.
struct HTTPRequestHead: Sendable {
    /// The method token.
    var method: HTTPMethod
    /// The request target exactly as sent (RFC 9112 §3.2).
    var target: String
    /// The path part of the target, still percent-encoded (absolute-form reduced to its path).
    var rawPath: Substring
    /// The query part after `?`, without the `?`, still encoded; empty when absent.
    var rawQuery: Substring
    /// The protocol version.
    var version: HTTPVersion
    /// The field lines in order.
    var headers: HTTPHeaders
    /// The declared body length; nil for chunked or no body.
    var contentLength: Int?
    /// True for `Transfer-Encoding: chunked`.
    var isChunked: Bool
    /// True when the client sent `Expect: 100-continue`.
    var expectsContinue: Bool
    /// Whether the connection may stay open after this exchange (RFC 9112 §9.3).
    var keepAlive: Bool

    /// True when a body follows the head.
    var hasBody: Bool { isChunked || (contentLength ?? 0) > 0 }
}

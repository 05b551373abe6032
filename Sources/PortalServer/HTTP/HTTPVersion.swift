/// The protocol version of a request line (RFC 9112 §2.3); only 1.0 and 1.1 are served.
enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    case http10
    case http11

    var description: String { self == .http10 ? "HTTP/1.0" : "HTTP/1.1" }
}

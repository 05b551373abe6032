/// Every size limit the request parser enforces, with the defaults.
///
/// Each limit is inclusive: a request exactly at the limit is accepted, one byte (or field) more is refused.
struct HTTPLimits: Sendable, Hashable {
    /// Longest request line in bytes, without its CRLF; longer is 414 (RFC 9112 §3).
    var maxRequestLine: Int = 8 * 1024
    /// Longest single field line in bytes, without its CRLF; longer is 431 (RFC 6585 §5).
    var maxFieldLine: Int = 8 * 1024
    /// Largest head (request line + fields + CRLFs, including the final empty line); larger is 431.
    var maxHead: Int = 32 * 1024
    /// Most field lines in the head (trailers count separately against the same number); more is 431.
    var maxFieldCount: Int = 100
    /// Default largest body in bytes (a route may set its own); larger is 413.
    var maxBody: Int = 1024 * 1024
    /// Longest chunk-size line (size + extensions) in bytes; longer is 400.
    var maxChunkLine: Int = 4 * 1024
    /// Largest trailer section in bytes; larger is 431.
    var maxTrailers: Int = 8 * 1024

    /// The defaults.
    init() {}
}

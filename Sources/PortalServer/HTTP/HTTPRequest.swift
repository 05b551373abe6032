/// One request as handlers see it: a validated head, the complete body, and where it came from.
struct HTTPRequest: Sendable {
    /// The method.
    var method: HTTPMethod
    /// The percent-decoded path (valid UTF-8, no NUL), e.g. `/owner/tenants/7`.
    var path: String
    /// The path exactly as sent, still percent-encoded.
    var rawPath: Substring
    /// The query after `?`, still encoded; empty when absent.
    var rawQuery: Substring
    /// The request target exactly as sent.
    var target: String
    /// The protocol version.
    var version: HTTPVersion
    /// The fields in order; duplicates kept.
    var headers: HTTPHeaders
    /// The complete body (already de-chunked).
    var body: [UInt8]
    /// The peer's IP address as text (`127.0.0.1`, `::1`).
    var remoteAddress: String
    /// True when the request came over TLS.
    var isSecure: Bool

    /// Builds a request from a parsed head; throws 400 when the path does not decode.
    init(head: HTTPRequestHead, body: [UInt8], remoteAddress: String, isSecure: Bool) throws(HTTPParseError) {
        guard let path = HTTPRequestTarget.percentDecode(head.rawPath) else {
            throw .badRequest("path does not decode to UTF-8")
        }
        self.method = head.method
        self.path = path
        self.rawPath = head.rawPath
        self.rawQuery = head.rawQuery
        self.target = head.target
        self.version = head.version
        self.headers = head.headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.isSecure = isSecure
    }

    /// The decoded query items in order, repeated names kept.
    var queryItems: [(name: String, value: String)] { HTTPRequestTarget.parseQuery(rawQuery) }

    /// The first value of query parameter `name`.
    func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Every value of query parameter `name`.
    func queryValues(_ name: String) -> [String] {
        queryItems.compactMap { $0.name == name ? $0.value : nil }
    }
}

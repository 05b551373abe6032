/// A field name (RFC 9110 §5.1): compared and hashed case-insensitively, spelled as given.
struct HTTPHeaderName: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name as written.
    let rawValue: String
    /// The ASCII-lowercased name used for comparison.
    let canonical: String

    /// Wraps a field name.
    init(rawValue: String) {
        self.rawValue = rawValue
        self.canonical = HTTPHeaderName.asciiLowercased(rawValue)
    }

    /// Wraps a field name.
    init(_ rawValue: String) { self.init(rawValue: rawValue) }

    init(stringLiteral value: String) { self.init(rawValue: value) }

    var description: String { rawValue }

    static func == (lhs: HTTPHeaderName, rhs: HTTPHeaderName) -> Bool { lhs.canonical == rhs.canonical }

    func hash(into hasher: inout Hasher) { hasher.combine(canonical) }

    /// ASCII-only lowercasing: field names are tokens, so no locale or Unicode rules apply.
    static func asciiLowercased(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte >= 65 && byte <= 90 {
            needs = true
            break
        }
        guard needs else { return text }
        return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// `Host`.
    static let host: HTTPHeaderName = "Host"
    /// `Content-Length`.
    static let contentLength: HTTPHeaderName = "Content-Length"
    /// `Content-Type`.
    static let contentType: HTTPHeaderName = "Content-Type"
    /// `Transfer-Encoding`.
    static let transferEncoding: HTTPHeaderName = "Transfer-Encoding"
    /// `Connection`.
    static let connection: HTTPHeaderName = "Connection"
    /// `Expect`.
    static let expect: HTTPHeaderName = "Expect"
    /// `Cookie`.
    static let cookie: HTTPHeaderName = "Cookie"
    /// `Set-Cookie`.
    static let setCookie: HTTPHeaderName = "Set-Cookie"
    /// `Location`.
    static let location: HTTPHeaderName = "Location"
    /// `Allow`.
    static let allow: HTTPHeaderName = "Allow"
    /// `ETag`.
    static let etag: HTTPHeaderName = "ETag"
    /// `If-None-Match`.
    static let ifNoneMatch: HTTPHeaderName = "If-None-Match"
    /// `Last-Modified`.
    static let lastModified: HTTPHeaderName = "Last-Modified"
    /// `Cache-Control`.
    static let cacheControl: HTTPHeaderName = "Cache-Control"
    /// `Retry-After`.
    static let retryAfter: HTTPHeaderName = "Retry-After"
    /// `X-Request-Id`.
    static let requestID: HTTPHeaderName = "X-Request-Id"
    /// `Date`.
    static let date: HTTPHeaderName = "Date"
    /// `Server`.
    static let server: HTTPHeaderName = "Server"
}

/// A response status code with its reason phrase (RFC 9110 §15).
struct HTTPStatus: Hashable, Sendable, CustomStringConvertible {
    /// The three-digit code.
    let code: Int
    /// The reason phrase sent on the status line.
    let reasonPhrase: String

    /// A status with a custom reason phrase; codes outside 100...599 are programmer errors.
    init(code: Int, reasonPhrase: String) {
        precondition((100...599).contains(code), "HTTP status \(code) out of range")
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    /// A status with the standard phrase for `code` (or "Status" for unregistered codes).
    init(_ code: Int) {
        self.init(code: code, reasonPhrase: HTTPStatus.phrases[code] ?? "Status")
    }

    static func == (lhs: HTTPStatus, rhs: HTTPStatus) -> Bool { lhs.code == rhs.code }
    func hash(into hasher: inout Hasher) { hasher.combine(code) }

    var description: String { "\(code) \(reasonPhrase)" }

    /// 1 for 1xx, 2 for 2xx, and so on.
    var statusClass: Int { code / 100 }

    /// Statuses whose responses never carry content (RFC 9110 §6.4.1).
    var forbidsBody: Bool { code < 200 || code == 204 || code == 304 }

    /// 100.
    static let `continue` = HTTPStatus(100)
    /// 200.
    static let ok = HTTPStatus(200)
    /// 201.
    static let created = HTTPStatus(201)
    /// 204.
    static let noContent = HTTPStatus(204)
    /// 301.
    static let movedPermanently = HTTPStatus(301)
    /// 302.
    static let found = HTTPStatus(302)
    /// 303.
    static let seeOther = HTTPStatus(303)
    /// 304.
    static let notModified = HTTPStatus(304)
    /// 307.
    static let temporaryRedirect = HTTPStatus(307)
    /// 308.
    static let permanentRedirect = HTTPStatus(308)
    /// 400.
    static let badRequest = HTTPStatus(400)
    /// 401.
    static let unauthorized = HTTPStatus(401)
    /// 402.
    static let paymentRequired = HTTPStatus(402)
    /// 403.
    static let forbidden = HTTPStatus(403)
    /// 404.
    static let notFound = HTTPStatus(404)
    /// 405.
    static let methodNotAllowed = HTTPStatus(405)
    /// 408.
    static let requestTimeout = HTTPStatus(408)
    /// 409.
    static let conflict = HTTPStatus(409)
    /// 413.
    static let contentTooLarge = HTTPStatus(413)
    /// 414.
    static let uriTooLong = HTTPStatus(414)
    /// 415.
    static let unsupportedMediaType = HTTPStatus(415)
    /// 417.
    static let expectationFailed = HTTPStatus(417)
    /// 422.
    static let unprocessableContent = HTTPStatus(422)
    /// 429.
    static let tooManyRequests = HTTPStatus(429)
    /// 431.
    static let requestHeaderFieldsTooLarge = HTTPStatus(431)
    /// 500.
    static let internalServerError = HTTPStatus(500)
    /// 501.
    static let notImplemented = HTTPStatus(501)
    /// 503.
    static let serviceUnavailable = HTTPStatus(503)
    /// 505.
    static let httpVersionNotSupported = HTTPStatus(505)

    private static let phrases: [Int: String] = [
        100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 206: "Partial Content",
        301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified", 307: "Temporary Redirect",
        308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 402: "Payment Required",
        403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
        408: "Request Timeout", 409: "Conflict", 410: "Gone", 411: "Length Required",
        412: "Precondition Failed", 413: "Content Too Large", 414: "URI Too Long",
        415: "Unsupported Media Type", 417: "Expectation Failed", 422: "Unprocessable Content",
        429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
        501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        505: "HTTP Version Not Supported",
    ]
}

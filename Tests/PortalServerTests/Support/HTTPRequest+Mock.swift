@testable import PortalServer

extension HTTPRequest {
    /// Parses one request from `text` (as received over TLS from 127.0.0.1).
    static func mock(_ text: String) throws -> HTTPRequest {
        let parsed = try HTTPRequestParser.parseAll(text)
        guard let first = parsed.first else { throw HTTPError(.badRequest, "incomplete") }
        return try HTTPRequest(head: first.head, body: first.body, remoteAddress: "127.0.0.1", isSecure: true)
    }

    /// A GET for `target`.
    static func get(_ target: String, headers: [(String, String)] = []) throws -> HTTPRequest {
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        return try mock("GET \(target) HTTP/1.1\r\nHost: a\r\n\(extra)\r\n")
    }
}

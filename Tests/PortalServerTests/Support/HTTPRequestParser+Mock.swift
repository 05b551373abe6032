@testable import PortalServer

/// A parsed request: head and body.
struct ParsedRequest {
    var head: HTTPRequestHead
    var body: [UInt8]
}

extension HTTPRequestParser {
    /// Feeds `text` (all at once, or `chunkSize` bytes at a time) and returns every complete request, or throws.
    static func parseAll(_ text: String, limits: HTTPLimits = HTTPLimits(), chunkSize: Int? = nil) throws -> [ParsedRequest] {
        try parseAll(Array(text.utf8), limits: limits, chunkSize: chunkSize)
    }

    /// Byte version of `parseAll`.
    static func parseAll(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits(), chunkSize: Int? = nil) throws -> [ParsedRequest] {
        var parser = HTTPRequestParser(limits: limits)
        var results: [ParsedRequest] = []
        var head: HTTPRequestHead?
        let step = max(1, chunkSize ?? bytes.count)
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + step)
            parser.append(bytes[offset..<end])
            offset = end
            while let event = try parser.next() {
                switch event {
                case .head(let parsed): head = parsed
                case .body(let body):
                    results.append(ParsedRequest(head: head!, body: body))
                    head = nil
                }
            }
        } while offset < bytes.count
        return results
    }
}

import Testing

@testable import PortalServer

/// Every limit in pairs: exactly at the limit is accepted, one past it is refused.
@Suite struct HTTPLimitsTests {
    private func status(_ text: String, _ limits: HTTPLimits = HTTPLimits(), chunk: Int? = nil) -> Int {
        do {
            let requests = try HTTPRequestParser.parseAll(text, limits: limits, chunkSize: chunk)
            return requests.isEmpty ? 0 : 200
        } catch let error as HTTPParseError {
            return error.status.code
        } catch {
            return -1
        }
    }

    @Test func requestLine() {
        let limits = HTTPLimits()
        // "GET " + target + " HTTP/1.1" == maxRequestLine bytes.
        let fixed = "GET  HTTP/1.1".utf8.count
        let atLimit = "/" + String(repeating: "a", count: limits.maxRequestLine - fixed - 1)
        #expect(status("GET \(atLimit) HTTP/1.1\r\nHost: a\r\n\r\n") == 200)
        #expect(status("GET \(atLimit)a HTTP/1.1\r\nHost: a\r\n\r\n") == 414)
        // Refused before the line is complete, so nobody can make us buffer an endless line.
        #expect(status("GET \(atLimit)" + String(repeating: "a", count: 20), chunk: 512) == 414)
    }

    @Test func fieldLine() {
        let limits = HTTPLimits()
        let value = String(repeating: "v", count: limits.maxFieldLine - "X-Big: ".utf8.count)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(value)\r\n\r\n") == 200)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(value)v\r\n\r\n") == 431)
    }

    @Test func fieldCount() {
        var limits = HTTPLimits()
        limits.maxFieldCount = 100
        let fields = (1..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n", limits) == 200)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\n\(fields)X-Last: v\r\n\r\n", limits) == 431)
    }

    @Test func headSize() {
        var limits = HTTPLimits()
        limits.maxHead = 1000
        let start = "GET / HTTP/1.1\r\nHost: a\r\n"
        let padding = 1000 - start.utf8.count - "X-Pad: \r\n\r\n".utf8.count
        let exact = start + "X-Pad: " + String(repeating: "p", count: padding) + "\r\n\r\n"
        #expect(exact.utf8.count == 1000)
        #expect(status(exact, limits) == 200)
        let over = start + "X-Pad: " + String(repeating: "p", count: padding + 1) + "\r\n\r\n"
        #expect(status(over, limits) == 431)
        #expect(status(over, limits, chunk: 10) == 431)
    }

    @Test func defaultHeadLimitIs32KiB() {
        let limits = HTTPLimits()
        #expect(limits.maxHead == 32 * 1024 && limits.maxRequestLine == 8 * 1024 && limits.maxFieldCount == 100)
        #expect(limits.maxBody == 1024 * 1024)
        // 5 fields of ~7 KiB: each line under the field limit, together over the head limit.
        let value = String(repeating: "v", count: 7000)
        let fields = (1...5).map { "X-\($0): \(value)\r\n" }.joined()
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n") == 431)
    }

    @Test func fixedBody() {
        var limits = HTTPLimits()
        limits.maxBody = 10
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits) == 200)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n0123456789a", limits) == 413)
    }

    @Test func chunkedBody() {
        var limits = HTTPLimits()
        limits.maxBody = 10
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(status(head + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits) == 200)
        #expect(status(head + "5\r\n01234\r\n6\r\n56789a\r\n0\r\n\r\n", limits) == 413)
    }

    @Test func chunkLine() {
        var limits = HTTPLimits()
        limits.maxChunkLine = 20
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        let atLimit = "1;" + String(repeating: "e", count: 18)
        #expect(status(head + atLimit + "\r\na\r\n0\r\n\r\n", limits) == 200)
        #expect(status(head + atLimit + "e\r\na\r\n0\r\n\r\n", limits) == 400)
    }

    @Test func trailers() {
        var limits = HTTPLimits()
        limits.maxTrailers = 20
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n"
        // One trailer line of 18 bytes + CRLF + final CRLF... the final empty line is not counted.
        let atLimit = "X-T: " + String(repeating: "t", count: 13)
        #expect(status(head + atLimit + "\r\n\r\n", limits) == 200)
        #expect(status(head + atLimit + "t\r\n\r\n", limits) == 431)
    }
}

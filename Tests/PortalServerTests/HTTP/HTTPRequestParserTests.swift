import Testing

@testable import PortalServer

@Suite struct HTTPRequestParserTests {
    /// One malformed request and the status it must get.
    struct Malformed: CustomTestStringConvertible, Sendable {
        let name: String
        let request: String
        let status: Int
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "missing Host (1.1)", request: "GET / HTTP/1.1\r\n\r\n", status: 400),
        Malformed(name: "repeated Host", request: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
        Malformed(name: "repeated Host (1.0)", request: "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", status: 400),
        Malformed(
            name: "Content-Length with Transfer-Encoding",
            request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
        Malformed(
            name: "conflicting Content-Length",
            request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400),
        Malformed(
            name: "conflicting Content-Length list", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\nabcd",
            status: 400),
        Malformed(
            name: "negative Content-Length", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", status: 400),
        Malformed(
            name: "signed Content-Length", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc", status: 400),
        Malformed(
            name: "hex Content-Length", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x3\r\n\r\nabc", status: 400),
        Malformed(name: "empty Content-Length", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", status: 400),
        Malformed(
            name: "overflowing Content-Length",
            request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", status: 400),
        Malformed(name: "obs-fold", request: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", status: 400),
        Malformed(name: "obs-fold with tab", request: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n", status: 400),
        Malformed(name: "space before colon", request: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", status: 400),
        Malformed(name: "tab before colon", request: "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", status: 400),
        Malformed(name: "field without colon", request: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", status: 400),
        Malformed(name: "empty field name", request: "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", status: 400),
        Malformed(name: "NUL in field value", request: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{0}c\r\n\r\n", status: 400),
        Malformed(name: "CR in field value", request: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", status: 400),
        Malformed(name: "bare LF line ending", request: "GET / HTTP/1.1\nHost: a\n\n", status: 400),
        Malformed(name: "bare LF in field", request: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\nc\r\n\r\n", status: 400),
        Malformed(name: "DEL in field value", request: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{7F}\r\n\r\n", status: 400),
        Malformed(
            name: "bad chunk size",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", status: 400),
        Malformed(
            name: "empty chunk size",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\nabc\r\n0\r\n\r\n", status: 400),
        Malformed(
            name: "negative chunk size",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n", status: 400),
        Malformed(
            name: "chunk size overflow",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", status: 400),
        Malformed(
            name: "chunk data too long",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", status: 400),
        Malformed(
            name: "chunk size with trailing junk",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n0\r\n\r\n", status: 400),
        Malformed(
            name: "unknown transfer coding",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
        Malformed(
            name: "chunked not last", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            status: 400),
        Malformed(
            name: "Transfer-Encoding in HTTP/1.0", request: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            status: 400),
        Malformed(name: "unknown method", request: "BREW / HTTP/1.1\r\nHost: a\r\n\r\n", status: 501),
        Malformed(name: "CONNECT", request: "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", status: 501),
        Malformed(name: "lowercase method", request: "get / HTTP/1.1\r\nHost: a\r\n\r\n", status: 501),
        Malformed(name: "method with bad character", request: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "double space in request line", request: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "missing version", request: "GET /\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "HTTP/2.0", request: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505),
        Malformed(name: "garbage version", request: "GET / HTTX/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "lowercase version", request: "GET / http/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "relative target", request: "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "fragment in target", request: "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "bad percent escape", request: "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "truncated percent escape", request: "GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "asterisk outside OPTIONS", request: "GET * HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(name: "control in target", request: "GET /a\u{1}b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        Malformed(
            name: "unknown expectation", request: "POST / HTTP/1.1\r\nHost: a\r\nExpect: tea\r\nContent-Length: 1\r\n\r\na",
            status: 417),
        Malformed(name: "Host with space", request: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", status: 400),
        Malformed(name: "Host with slash", request: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", status: 400),
        Malformed(
            name: "bad trailer",
            request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer\r\n\r\n",
            status: 400),
        Malformed(
            name: "many empty lines before request",
            request: String(repeating: "\r\n", count: 10) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
    ]

    @Test(arguments: malformed)
    func refusesMalformed(_ item: Malformed) {
        for chunk in [nil, 1] as [Int?] {
            do {
                let parsed = try HTTPRequestParser.parseAll(item.request, chunkSize: chunk)
                Issue.record("accepted \(item.name): \(parsed.count) request(s)")
            } catch let error as HTTPParseError {
                #expect(error.status.code == item.status, "\(item.name): \(error)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func parsesSimpleGet() throws {
        let requests = try HTTPRequestParser.parseAll(
            "GET /a/b?x=1&y=%20z HTTP/1.1\r\nHost: example.com\r\nX-Two: 1\r\nx-two: 2\r\n\r\n")
        #expect(requests.count == 1)
        let head = try #require(requests.first?.head)
        #expect(head.method == .get)
        #expect(head.rawPath == "/a/b")
        #expect(head.rawQuery == "x=1&y=%20z")
        #expect(head.version == .http11)
        #expect(head.keepAlive)
        #expect(head.headers["HOST"] == "example.com")
        #expect(head.headers.values(for: "X-Two") == ["1", "2"])
        #expect(requests[0].body.isEmpty)
    }

    @Test func parsesPipelinedRequestsInOrder() throws {
        let text =
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"
        for chunk in [nil, 1, 7] as [Int?] {
            let requests = try HTTPRequestParser.parseAll(text, chunkSize: chunk)
            #expect(requests.map { String($0.head.rawPath) } == ["/1", "/2", "/3"])
            #expect(requests[1].body == Array("hello".utf8))
        }
    }

    @Test func parsesChunkedBodyWithExtensionsAndTrailers() throws {
        let text =
            "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; x=\"q\"\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Checksum: abc\r\n\r\n"
        for chunk in [nil, 1, 3] as [Int?] {
            let requests = try HTTPRequestParser.parseAll(text, chunkSize: chunk)
            #expect(requests.count == 1)
            #expect(String(decoding: requests[0].body, as: UTF8.self) == "hello world0123456789")
            #expect(requests[0].head.isChunked)
        }
    }

    @Test func http10DefaultsToCloseAndHonoursKeepAlive() throws {
        let plain = try HTTPRequestParser.parseAll("GET / HTTP/1.0\r\n\r\n")
        #expect(plain[0].head.version == .http10)
        #expect(!plain[0].head.keepAlive)
        let keep = try HTTPRequestParser.parseAll("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(keep[0].head.keepAlive)
    }

    @Test func connectionCloseAndExpectContinue() throws {
        let requests = try HTTPRequestParser.parseAll(
            "POST / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(!requests[0].head.keepAlive)
        #expect(requests[0].head.expectsContinue)
        #expect(requests[0].body == Array("ok".utf8))
    }

    @Test func absoluteFormAndAsteriskForm() throws {
        let absolute = try HTTPRequestParser.parseAll("GET https://example.com/x/y?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(absolute[0].head.rawPath == "/x/y")
        #expect(absolute[0].head.rawQuery == "q=1")
        let bare = try HTTPRequestParser.parseAll("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(bare[0].head.rawPath == "/")
        let options = try HTTPRequestParser.parseAll("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(options[0].head.rawPath == "*")
    }

    @Test func identicalContentLengthsAreOneLength() throws {
        let requests = try HTTPRequestParser.parseAll(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")
        #expect(requests[0].head.contentLength == 2)
    }

    @Test func toleratesOneLeadingEmptyLineAndTrimsWhitespace() throws {
        let requests = try HTTPRequestParser.parseAll("\r\nGET / HTTP/1.1\r\nHost:   a \t\r\nX-Empty:\r\n\r\n")
        #expect(requests[0].head.headers[.host] == "a")
        #expect(requests[0].head.headers["X-Empty"] == "")
    }

    @Test func staysFailedAfterAnError() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(throws: HTTPParseError.self) { try parser.next() }
    }

    @Test func bodyLimitCanBeLoweredPerRoute() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world".utf8))
        guard case .head = try parser.next() else { throw HTTPError(.badRequest) }
        parser.setBodyLimit(10)
        #expect(throws: HTTPParseError.contentTooLarge) { try parser.next() }
    }

    @Test func releasesMemoryWhenIdle() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        _ = try parser.next()
        _ = try parser.next()
        #expect(parser.isIdle)
        parser.releaseMemoryIfIdle()
        parser.append(Array("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .head(let head) = try parser.next() else { throw HTTPError(.badRequest) }
        #expect(head.rawPath == "/2")
    }
}

import Synchronization
import Testing

@testable import PortalServer

#if canImport(Glibc)
    import Glibc
#endif

/// A gate a worker handler waits on until the test opens it.
final class Gate: Sendable {
    private let open = Atomic<Bool>(false)
    let entered = Atomic<Int>(0)
    func release() { open.store(true, ordering: .releasing) }
    func wait() {
        entered.wrappingAdd(1, ordering: .relaxed)
        while !open.load(ordering: .acquiring) { usleep(1000) }
    }
}

/// Live tests over real TLS on loopback (port 0).
@Suite struct LiveServerTests {
    static func router(gate: Gate = Gate()) -> Router {
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(SecurityHeadersMiddleware())
        router.add(.get, "/fast", policy: .public, execution: .inline) { _, _ in .text("fast") }
        router.add(.get, "/slow/{ms}", policy: .public) { _, context in
            let ms = try context.parameters.require("ms", as: Int.self)
            usleep(UInt32(ms * 1000))
            return .text("slow \(ms)")
        }
        router.add(.post, "/echo", policy: .public) { request, _ in
            HTTPResponse(status: .ok, headers: [.contentType: "application/octet-stream"], body: request.body)
        }
        router.add(.post, "/small", policy: .public, bodyLimit: 16) { request, _ in .text("\(request.body.count)") }
        router.add(.get, "/block", policy: .public) { _, _ in
            gate.wait()
            return .text("unblocked")
        }
        router.add(.get, "/stream/{kib}", policy: .public) { _, context in
            let kib = try context.parameters.require("kib", as: Int.self)
            return HTTPResponse(headers: [.contentType: "text/csv"]) { writer in
                let line = [UInt8](repeating: UInt8(ascii: "x"), count: 1023) + [10]
                for _ in 0..<kib { try writer.write(line) }
            }
        }
        router.add(.get, "/boom", policy: .public) { _, _ in throw HTTPParseError.badRequest("internal detail") }
        return router
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        for _ in 0..<3 {
            let response = try client.request("GET", "/fast")
            #expect(response.status == 200)
            #expect(response.text == "fast")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date") != nil)
            #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        }
        #expect(try client.request("GET", "/slow/1").text == "slow 1")
    }

    @Test func pipelinedResponsesComeInOrderAcrossInlineAndWorkerRoutes() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        let targets = ["/slow/60", "/fast", "/slow/1", "/fast", "/slow/20"]
        try client.send(targets.map { "GET \($0) HTTP/1.1\r\nHost: localhost\r\n\r\n" }.joined())
        let bodies = try targets.map { _ in try client.readResponse().text }
        #expect(bodies == ["slow 60", "fast", "slow 1", "fast", "slow 20"])
    }

    /// Each request in its own TLS record, all sent while the first one blocks a worker: the server's TLS layer
    /// reads ahead of what it returns (one read(2) takes many records), so records it holds must be answered
    /// although the socket has nothing more to report.
    @Test func pipelinedRequestsInManySmallRecordsAreAllAnswered() throws {
        let gate = Gate()
        let server = try TestServer(router: Self.router(gate: gate))
        let client = try server.client()
        try client.send("GET /block HTTP/1.1\r\nHost: localhost\r\n\r\n")
        while gate.entered.load(ordering: .relaxed) == 0 { usleep(1000) }
        let count = 60
        for index in 0..<count {
            try client.send("GET /fast?n=\(index) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        }
        usleep(50_000)
        gate.release()
        #expect(try client.readResponse().text == "unblocked")
        var answered = 0
        for _ in 0..<count {
            guard let response = try? client.readResponse(), response.text == "fast" else { break }
            answered += 1
        }
        #expect(answered == count)
        // Then the same burst on an idle connection, with no worker in between.
        for index in 0..<count {
            try client.send("GET /fast?n=\(index) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        }
        answered = 0
        for _ in 0..<count {
            guard let response = try? client.readResponse(), response.text == "fast" else { break }
            answered += 1
        }
        #expect(answered == count)
    }

    @Test func chunkedUploadIsDechunked() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try client.send(
            "POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-T: 1\r\n\r\n"
        )
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello world")
    }

    @Test func expectContinueGetsInterimResponseOnlyWhenBodyIsAccepted() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.send("data")
        #expect(try client.readResponse().text == "data")

        let refused = try server.client()
        try refused.send("POST /small HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 17\r\n\r\n")
        let final = try refused.readResponse()
        #expect(final.status == 413)
        #expect(final.header("Connection") == "close")
        #expect(refused.isClosedByPeer())
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        let response = try client.request("GET", "/fast", headers: ["Connection: close"])
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try client.send("GET /fast HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == "fast")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())

        let keep = try server.client()
        try keep.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keep.readResponse().header("Connection") == "keep-alive")
        try keep.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keep.readResponse().text == "fast")
    }

    @Test(arguments: [
        ("POST /small HTTP/1.1\r\nHost: localhost\r\nContent-Length: 17\r\n\r\n", 413),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),
        ("GET /fast HTTP/1.1\r\nHost: localhost\r\nX-Big: " + String(repeating: "b", count: 9000) + "\r\n\r\n", 431),
        ("GET /fast HTTP/1.1\r\n\r\n", 400),
        ("BREW /fast HTTP/1.1\r\nHost: localhost\r\n\r\n", 501),
    ])
    func refusedRequestsCloseTheConnection(request: String, status: Int) throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status)
        #expect(response.header("Connection") == "close")
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(response.header("X-Request-Id") != nil)
        #expect(client.isClosedByPeer())
    }

    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() throws {
        let server = try TestServer(router: Self.router()) { $0.timeouts.idle = 0.2 }
        let client = try server.client()
        #expect(try client.request("GET", "/fast").status == 200)
        usleep(600_000)
        #expect(client.isClosedByPeer())
    }

    @Test func silentClientIsClosedAfterTheHeadTimeout() throws {
        let server = try TestServer(router: Self.router()) { $0.timeouts.handshakeAndHead = 0.2 }
        let client = try server.client()
        try client.send("GET /fast HTTP/1.1\r\n")
        #expect(client.isClosedByPeer())
    }

    @Test func stalledBodyIsClosedAfterTheBodyProgressTimeout() throws {
        let server = try TestServer(router: Self.router()) { $0.timeouts.bodyProgress = 0.2 }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nab")
        #expect(client.isClosedByPeer())
    }

    @Test func fullWorkerQueueAnswers503WithRetryAfter() throws {
        let gate = Gate()
        let server = try TestServer(router: Self.router(gate: gate)) {
            $0.workers = 1
            $0.workerQueue = 1
        }
        let first = try server.client()
        try first.send("GET /block HTTP/1.1\r\nHost: localhost\r\n\r\n")
        while gate.entered.load(ordering: .relaxed) == 0 { usleep(1000) }
        let second = try server.client()
        try second.send("GET /block HTTP/1.1\r\nHost: localhost\r\n\r\n")
        while server.server.workers.queuedCount == 0 { usleep(1000) }
        let third = try server.client()
        let refused = try third.request("GET", "/block")
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        #expect(refused.header("Strict-Transport-Security") != nil)
        gate.release()
        #expect(try first.readResponse().text == "unblocked")
        #expect(try second.readResponse().text == "unblocked")
        #expect(try third.request("GET", "/fast").status == 200)
    }

    @Test func streamedBodyIsChunkedAndComplete() throws {
        let server = try TestServer(router: Self.router()) { $0.streamBufferBound = 8 * 1024 }
        let client = try server.client()
        let response = try client.request("GET", "/stream/2048")
        #expect(response.status == 200)
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.body.count == 2048 * 1024)
        #expect(try client.request("GET", "/fast").text == "fast")
        let head = try client.request("HEAD", "/stream/4")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(try client.request("GET", "/fast").text == "fast")
    }

    @Test func headHasLengthButNoBody() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        let head = try client.request("HEAD", "/fast")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "4")
        #expect(try client.request("GET", "/fast").text == "fast")
    }

    @Test func handlerErrorsBecomeGeneric500() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        let response = try client.request("GET", "/boom")
        #expect(response.status == 500)
        #expect(!response.text.contains("internal detail"))
        let missing = try client.request("GET", "/slow/abc")
        #expect(missing.status == 400)
        #expect(missing.text.contains("invalid parameter ms"))
    }

    @Test func redirectListenerOnlyRedirects() throws {
        let server = try TestServer(router: Self.router()) { $0.redirectPort = 0 }
        let port = try #require(server.server.redirectPort)
        let reply = try PlainClient.exchange(
            port: port, "GET /fast?x=1 HTTP/1.1\r\nHost: example.com:8080\r\nConnection: close\r\n\r\n")
        #expect(reply.hasPrefix("HTTP/1.1 308 Permanent Redirect\r\n"))
        #expect(reply.contains("Location: https://example.com:\(server.port)/fast?x=1\r\n"))
        #expect(!reply.contains("\r\n\r\nfast"))
        let evil = try PlainClient.exchange(port: port, "GET / HTTP/1.1\r\nHost: evil.com@attacker\r\nConnection: close\r\n\r\n")
        #expect(evil.hasPrefix("HTTP/1.1 400"))
    }

    @Test func tls11IsRefusedAndAlpnIsHttp11() throws {
        let server = try TestServer(router: Self.router())
        #expect(throws: TLSTestClient.Failure.self) {
            try TLSTestClient(port: server.port, maxVersion: portal_TLS1_1_VERSION_forTests)
        }
        let client = try server.client()
        #expect(client.alpnProtocol == "http/1.1")
        #expect(client.protocolVersion == "TLSv1.3")
        let tls12 = try TLSTestClient(port: server.port, maxVersion: 0x0303)
        #expect(tls12.protocolVersion == "TLSv1.2")
        #expect(try tls12.request("GET", "/fast").status == 200)
        #expect(throws: TLSTestClient.Failure.self) { try TLSTestClient(port: server.port, alpn: ["h2"]) }
    }

    @Test func sessionsResume() throws {
        let server = try TestServer(router: Self.router())
        let first = try server.client()
        #expect(try first.request("GET", "/fast").status == 200)
        let session = try #require(first.session())
        let second = try server.client(session: session)
        #expect(second.sessionReused)
        #expect(try second.request("GET", "/fast").status == 200)
    }

    @Test func reloadSwapsCertificateForNewConnectionsOnly() throws {
        let server = try TestServer(router: Self.router())
        let old = try server.client()
        let oldFingerprint = old.peerFingerprint
        #expect(oldFingerprint == server.server.certificate.sha256Fingerprint)
        try TestServer.writeCertificate(certificatePath: server.certificatePath, keyPath: server.keyPath)
        try server.server.reloadCertificates()
        let fresh = try server.client()
        #expect(fresh.peerFingerprint != oldFingerprint)
        #expect(fresh.peerFingerprint == server.server.certificate.sha256Fingerprint)
        #expect(try old.request("GET", "/fast").text == "fast")
        #expect(try fresh.request("GET", "/fast").text == "fast")
    }

    @Test func gracefulShutdownFinishesInFlightRequestsAndRefusesNewOnes() throws {
        let server = try TestServer(router: Self.router())
        let busy = try server.client()
        let idle = try server.client()
        #expect(try idle.request("GET", "/fast").status == 200)
        try busy.send("GET /slow/300 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        usleep(50_000)
        server.server.shutdown()
        let response = try busy.readResponse()
        #expect(response.text == "slow 300")
        #expect(response.header("Connection") == "close")
        #expect(idle.isClosedByPeer())
        server.stop()
        #expect(TLSTestClient.connectionRefused(port: server.port))
    }

    @Test func hostileInputNeverTakesTheServerDown() throws {
        let server = try TestServer(router: Self.router()) {
            $0.timeouts.handshakeAndHead = 0.3
            $0.timeouts.bodyProgress = 0.3
        }
        var random = ParserFuzzTests.Generator(state: 42)
        let seeds = ParserFuzzTests.seeds.map { Array($0.utf8) }
        for round in 0..<40 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<4 {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                bytes[position] = UInt8.random(in: 0...255, using: &random)
            }
            let client = try server.client()
            try client.send(bytes)
            // Whatever happens (an answer, an error status, a timeout close), the connection ends or answers.
            if let response = try? client.readResponse() { #expect((100...599).contains(response.status)) }
        }
        #expect(try server.client().request("GET", "/fast").text == "fast")
    }

    @Test func metricsCountResponses() throws {
        let server = try TestServer(router: Self.router())
        let client = try server.client()
        _ = try client.request("GET", "/fast")
        _ = try client.request("GET", "/missing")
        let snapshot = server.server.metrics.snapshot()
        #expect(snapshot.byStatusClass[2] >= 1)
        #expect(snapshot.byStatusClass[4] >= 1)
        #expect(snapshot.byRoute["/fast"] == 1)
        #expect(snapshot.openConnections >= 1)
        #expect(snapshot.last5Minutes.requests == 2)
    }
}

/// A plain TCP client for the redirect listener.
enum PlainClient {
    static func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw HTTPError(.badRequest, "connect failed") }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            reply += chunk[0..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}

/// TLS 1.1's protocol number (0x0302), for the refusal test.
let portal_TLS1_1_VERSION_forTests: Int32 = 0x0302

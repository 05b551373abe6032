import Foundation
import PortalDomain
import Testing

@testable import PortalServer

@Suite struct ProbeRoutesTests {
    /// `name{labels} value` (or `name value`): every sample line of the exposition.
    static var sampleLine: Regex<AnyRegexOutput> {
        try! Regex(
            #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?|NaN|[+-]Inf)$"#
        )
    }

    /// Checks the text format: HELP and TYPE before samples, every other line a sample. Returns the samples.
    static func parse(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
            #expect(line.wholeMatch(of: sampleLine) != nil, "not a sample line: \(line)")
            let cut = line.lastIndex(of: " ")!
            samples[String(line[..<cut])] = Double(line[line.index(after: cut)...]) ?? .nan
        }
        return samples
    }

    @Test func readinessFollowsTheDatabaseProbe() throws {
        let f = try OwnerFixture()
        let response = try f.test.get("/readyz")
        #expect(response.status == 200 && response.text == "ready\n")
        #expect(response.header("Cache-Control") == "no-store")

        // The probe's table gone (a broken or half-restored database): 503 until it is back, then ready again.
        try f.test.portal.database.write { try $0.execute("ALTER TABLE schema_migrations RENAME TO schema_migrations_away") }
        let broken = try f.test.get("/readyz")
        #expect(broken.status == 503 && broken.text == "not ready: database unavailable\n")
        #expect(broken.header("Cache-Control") == "no-store")
        try f.test.portal.database.write { try $0.execute("ALTER TABLE schema_migrations_away RENAME TO schema_migrations") }
        #expect(try f.test.get("/readyz").status == 200)
    }

    @Test func metricsAreForOwnerStaffOnly() throws {
        let f = try OwnerFixture()
        let anonymous = try f.test.get("/metrics")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate") == #"Bearer realm="metrics""#)
        let tenantUser = Viewer(
            userID: f.tenantAdmin.userID!, role: .tenantAdmin, tenantID: f.tenant.id, name: "Tina", email: "t@x", timeZone: "UTC")
        #expect(try f.test.get("/metrics", session: .mock(tenantUser)).status == 401)
        // Without a configured token a bearer header opens nothing.
        #expect(try f.test.get("/metrics", headers: [("Authorization", "Bearer anything-at-all-here")]).status == 401)
        let staff = try f.get("/metrics", as: .readOnly)
        #expect(staff.status == 200)
        #expect(staff.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let samples = ProbeRoutesTests.parse(staff.text)
        #expect(samples[#"portal_tenants{status="active"}"#] == 2)
        #expect(samples[#"portal_tenants{status="blocked"}"#] == 0)
        #expect(samples["portal_db_up"] == 1)
        #expect((samples[#"portal_db_size_bytes{file="database"}"#] ?? 0) > 0)
        #expect(samples[#"portal_build_info{version="\#(PortalVersion.current)"}"#] == 1)
    }

    @Test func aConfiguredBearerTokenOpensMetricsOverHTTPS() throws {
        let f = try OwnerFixture()
        let directory = try TestServer.makeTemporaryDirectory()
        defer { TestServer.removeTree(directory) }
        try TestServer.writeCertificate(certificatePath: directory + "/cert.pem", keyPath: directory + "/key.pem")
        var configuration = ServerConfiguration()
        configuration.templatesDirectory = TestPortal.root + "/Templates"
        configuration.publicDirectory = TestPortal.root + "/Public"
        configuration.metricsToken = "scrape-token-0123456789"
        configuration.http = HTTPServer.Configuration(
            certificateChainPath: directory + "/cert.pem", privateKeyPath: directory + "/key.pem")
        configuration.http.port = 0
        configuration.http.eventLoops = 1
        configuration.http.workers = 2
        let status = ServerStatus(startedAt: f.test.clock.seconds - 90)
        let application = try PortalApplication.make(configuration, portal: f.portal, accessLog: nil, status: status)
        let server = try HTTPServer(configuration: configuration.http, responder: application.responder, accessLog: nil)
        try server.start()
        status.attach(server)
        defer {
            server.shutdown()
            server.waitUntilStopped()
        }
        let client = try TLSTestClient(port: server.port)
        try client.send("GET /readyz HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        try client.send("GET /metrics HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer wrong-token-0123456789\r\n\r\n")
        #expect(try client.readResponse().status == 401)
        try client.send("GET /metrics HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer scrape-token-0123456789\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        let samples = ProbeRoutesTests.parse(response.text)
        #expect(samples[#"portal_http_requests_total{class="2xx"}"#] == 1)
        #expect(samples[#"portal_http_requests_total{class="4xx"}"#] == 1)
        #expect(samples[#"portal_http_route_requests_total{route="/readyz"}"#] == 1)
        #expect(samples[#"portal_http_request_duration_seconds{window="5m",quantile="0.95"}"#] != nil)
        #expect(samples["portal_http_open_connections"] == 1)
        #expect(samples["portal_process_uptime_seconds"] == 90)
        #expect((samples["portal_process_resident_memory_bytes"] ?? 0) > 0)
        #expect((samples["portal_tls_certificate_expiry_timestamp_seconds"] ?? 0) > Double(f.test.clock.seconds))
        // The health page shows the same server: certificate, traffic and connections.
        var context = RequestContext(requestID: "h", remoteAddress: "127.0.0.1")
        context.session = f.session(.readOnly)
        let request = try HTTPRequest.get("/owner/health")
        let resolution = application.responder.resolve(method: .get, rawPath: request.rawPath, path: request.path)
        application.responder.prepare(&context, for: resolution)
        let page = PageResponse(application.responder.respond(to: request, resolution: resolution, context: &context))
        #expect(page.status == 200)
        #expect(page.text.contains("TLS certificate") && page.text.contains("self-signed"))
        #expect(page.text.contains("Last 5 minutes"))
        #expect(!page.text.contains("the server has not started"))
        // The event loop and what the kernel made of its 100 µs slice request, as the loop recorded it.
        let slice = try #require(server.eventLoops.first?.threadInfo.withLock { $0 }).slice
        switch slice {
        case .applied(100_000): #expect(page.text.contains("1 event loop, with a 100 µs scheduler slice"))
        case .unsupported: #expect(page.text.contains("this kernel has no per-thread slices"))
        default: Issue.record("unexpected slice result \(String(describing: slice))")
        }
    }

    /// The process card's event-loop line, for every answer the kernel can give.
    @Test func eventLoopSchedulingIsDescribedForEveryOutcome() {
        let describe = OwnerHealthPage.loopScheduling
        #expect(describe(100_000, []) == ("unknown (the server has not started)", false))
        let off = describe(nil, [nil, nil])
        #expect(off == ("2 event loops on the kernel's default scheduler slice (--loop-slice-us 0)", false))
        #expect(
            describe(100_000, [.applied(nanoseconds: 100_000), .applied(nanoseconds: 100_000)])
                == ("2 event loops, each with a 100 µs scheduler slice", false))
        let unsupported = describe(250_000, [.unsupported])
        #expect(unsupported.text.hasPrefix("1 event loop, with the default scheduler slice: this kernel") && !unsupported.warn)
        #expect(describe(100_000, [.realTime]) == ("1 event loop, with a real-time scheduling policy, left as it is", false))
        let refused = describe(100_000, [.failed(errno: EPERM), .applied(nanoseconds: 100_000)])
        #expect(refused.warn)
        #expect(
            refused.text
                == "2 event loops; loop 1: the default scheduler slice: the kernel refused 100 µs (Operation not permitted, errno 1); "
                + "loop 2: a 100 µs scheduler slice")
        #expect(describe(100_000, [.applied(nanoseconds: 100_000), nil]).text.hasSuffix("loop 2: starting"))
    }

    @Test func metricsTokenIsAServeOption() throws {
        let options = try CommandLineOptions(
            ["--metrics-token", "0123456789abcdef"], valueOptions: ServerConfiguration.valueOptions,
            flagOptions: ServerConfiguration.flagOptions, environment: [:])
        #expect(try ServerConfiguration(options).metricsToken == "0123456789abcdef")
        let short = try CommandLineOptions(
            ["--metrics-token", "short"], valueOptions: ServerConfiguration.valueOptions,
            flagOptions: ServerConfiguration.flagOptions, environment: [:])
        #expect(throws: UsageError.self) { _ = try ServerConfiguration(short) }
        #expect(ServeCommand.help.contains("PORTAL_METRICS_TOKEN"))
    }

    @Test func textFormatEscapesLabelsAndNumbers() {
        var text = PrometheusText()
        text.family("x_total", "counter", "A \\ help\nline.")
        text.sample("x_total", [("route", "/a\"b\\c\nd")], Int64(3))
        text.sample("y", [], 0.25)
        text.sample("z", [], Double.infinity)
        #expect(
            text.text
                == "# HELP x_total A \\\\ help\\nline.\n# TYPE x_total counter\nx_total{route=\"/a\\\"b\\\\c\\nd\"} 3\ny 0.25\nz +Inf\n"
        )
    }

    @Test func residentMemoryIsReadFromProcStatus() {
        #expect(ProcessStats.residentBytes(statusText: "Name:\tportal\nVmRSS:\t   12345 kB\nThreads:\t9\n") == 12_641_280)
        #expect(ProcessStats.residentBytes(statusText: "Name:\tportal\n") == nil)
        #expect(ProcessStats.duration(93_784) == "1 d 2 h")
        #expect(ProcessStats.duration(900) == "15 min" && ProcessStats.duration(86_400) == "1 d")
        #expect(ProcessStats.latency(micros: 1_530) == "1.5 ms")
    }
}

/// The routes `serve --bench-fixtures DIR` adds so ../shared/bench can compare the portal with its peers.
enum BenchFixtures {
    /// Plain `ok`, the 2-byte keep-alive benchmark body.
    static let plainBody: [UInt8] = Array("ok".utf8)

    /// Registers `GET /plain` and `GET /page`: the tenant table of `DIR/templates` rendered anew on every
    /// request, byte-identical to `DIR/public/page.html`. `/page` only renders from memory (no I/O, ~7 us), so
    /// it runs on the event loop, as the peers' handlers do; portal pages, which read SQLite, run on the workers.
    static func register(on router: inout Router, benchDirectory: String) throws {
        router.add(.get, "/plain", policy: .public, execution: .inline) { _, _ in
            HTTPResponse(status: .ok, headers: [.contentType: "text/plain"], body: plainBody)
        }
        let page = try BenchFixturePage(benchDirectory: benchDirectory)
        router.add(.get, "/page", policy: .public, execution: .inline) { _, _ in
            HTTPResponse(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: page.render())
        }
    }
}

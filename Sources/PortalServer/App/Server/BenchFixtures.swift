/// The routes `serve --bench-fixtures DIR` adds so ../shared/bench can compare the portal with its peers.
enum BenchFixtures {
    /// Plain `ok`, the 2-byte keep-alive benchmark body.
    static let plainBody: [UInt8] = Array("ok".utf8)

    /// Registers `GET /plain`. `/page` (the rendered tenant table) is added here by the Views phase: register
    /// `router.add(.get, "/page", policy: .public) { … }` rendering `DIR/templates` to match `DIR/public/page.html`.
    static func register(on router: inout Router) {
        router.add(.get, "/plain", policy: .public, execution: .inline) { _, _ in
            HTTPResponse(status: .ok, headers: [.contentType: "text/plain"], body: plainBody)
        }
    }
}

import Testing

@testable import PortalServer

@Suite struct LocalPathTests {
    @Test(arguments: ["/owner", "/owner/tenants?q=pulse&page=2", "/app/clients/4", "/account#2fa"])
    func acceptsLocalPaths(_ path: String) {
        #expect(LocalPath.validated(path) == path)
    }

    @Test(arguments: [
        "", "owner", "https://evil.example/", "//evil.example", "/\\evil.example", "/ok\\..\\x", "/a b", "/a\u{0}b", "/login",
        "/login?next=/x", "/login/2fa", "/logout", "javascript:alert(1)", "/" + String(repeating: "a", count: 1_000),
    ])
    func refusesEverythingElse(_ path: String) {
        #expect(LocalPath.validated(path) == nil)
    }

    @Test func nilStaysNil() {
        #expect(LocalPath.validated(nil) == nil)
    }
}

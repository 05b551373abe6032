import Foundation
import Testing

@testable import PortalDomain
@testable import PortalServer

/// Every unsafe session route refuses a request without the CSRF token, with a wrong one, and from a
/// foreign origin, before its handler runs; the right token from our own origin passes.
@Suite struct CSRFTests {
    /// A POST (or other unsafe method) to `path` with `fields` and `headers`.
    static func unsafe(_ method: HTTPMethod, _ path: String, fields: [(String, String)], headers: [(String, String)]) throws
        -> HTTPRequest
    {
        let body = fields.map { "\(URLQuery.encode($0.0))=\(URLQuery.encode($0.1))" }.joined(separator: "&")
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        return try HTTPRequest.mock(
            "\(method) \(path) HTTP/1.1\r\nHost: portal.example:8443\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)")
    }

    @Test func everyUnsafeRouteRefusesMissingWrongOrForeign() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let unsafe = test.application.routes.filter {
            !$0.method.isSafe && RoutePolicyTable.rule($0.method, $0.pattern)?.authentication == .session
        }
        #expect(unsafe.count >= 6)
        let own = "https://portal.example:8443"
        for route in unsafe {
            let path = RouteWalkTests.samplePath(route.pattern, tenantID: accounts.tenantID)
            let token = try accounts.session(.ownerAdmin, on: test.portal)
            let csrf = try #require(try test.portal.sessions.resolve(token: token)?.csrfToken)
            let cookie = ("Cookie", "\(SessionCookie.name)=\(token)")
            let cases: [(String, [(String, String)], [(String, String)])] = [
                ("no token", [], [cookie, ("Origin", own)]),
                ("empty token", [("_csrf", "")], [cookie, ("Origin", own)]),
                ("wrong token", [("_csrf", String(csrf.reversed()))], [cookie, ("Origin", own)]),
                (
                    "another session's token", [("_csrf", test.portal.sessions.csrfToken(sessionID: 999))],
                    [cookie, ("Origin", own)]
                ),
                ("foreign Origin", [("_csrf", csrf)], [cookie, ("Origin", "https://evil.example")]),
                ("other port", [("_csrf", csrf)], [cookie, ("Origin", "https://portal.example:9443")]),
                ("plain http", [("_csrf", csrf)], [cookie, ("Origin", "http://portal.example:8443")]),
                ("null Origin", [("_csrf", csrf)], [cookie, ("Origin", "null")]),
                ("foreign Referer", [("_csrf", csrf)], [cookie, ("Referer", "https://evil.example/owner")]),
                ("lookalike Referer", [("_csrf", csrf)], [cookie, ("Referer", "https://portal.example:8443.evil.example/")]),
                ("neither Origin nor Referer", [("_csrf", csrf)], [cookie]),
                ("anonymous without pre-session", [("_csrf", csrf)], [("Origin", own)]),
            ]
            for (name, fields, headers) in cases {
                test.clearCookies()
                let response = test.send(try CSRFTests.unsafe(route.method, path, fields: fields, headers: headers))
                #expect(response.status == 403, "\(route.method) \(route.pattern), \(name): \(response.status)")
                #expect(
                    response.text.contains(CSRFMiddleware.tokenRefusal) || response.text.contains(CSRFMiddleware.originRefusal),
                    "\(route.method) \(route.pattern), \(name)")
            }
            // The right token (as a field, or as the header) from our own origin passes the CSRF check.
            for (fields, headers) in [
                ([("_csrf", csrf)], [cookie, ("Origin", own)]),
                ([], [cookie, ("Referer", own + "/account"), ("X-CSRF-Token", csrf)]),
            ] {
                let fresh = try accounts.session(.ownerAdmin, on: test.portal)
                let freshToken = try #require(try test.portal.sessions.resolve(token: fresh)?.csrfToken)
                let replaced = headers.map { $0.0 == "Cookie" ? ("Cookie", "\(SessionCookie.name)=\(fresh)") : $0 }
                    .map { $0.0 == "X-CSRF-Token" ? ("X-CSRF-Token", freshToken) : $0 }
                let response = test.send(
                    try CSRFTests.unsafe(
                        route.method, path, fields: fields.map { ($0.0, freshToken) }, headers: replaced))
                #expect(
                    !response.text.contains(CSRFMiddleware.tokenRefusal) && !response.text.contains(CSRFMiddleware.originRefusal),
                    "\(route.method) \(route.pattern): the right token was refused (\(response.status))")
            }
        }
    }

    @Test func theSignInFormsTokenIsBoundToItsPreSession() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let email = try #require(accounts.users[.client]).email
        let form = try test.get("/login")
        let token = try #require(TestPortal.csrf(in: form))
        #expect(form.cookie(SessionCookie.preName) != nil)
        // Another browser's pre-session token does not fit this one.
        test.clearCookies()
        _ = try test.get("/login")
        let refused = try test.post("/login", form: [("_csrf", token), ("email", email), ("password", AuthAccounts.password)])
        #expect(refused.status == 403)
        #expect(try test.signIn(email).status == 303)
    }
}

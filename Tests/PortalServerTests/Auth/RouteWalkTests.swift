import Foundation
import Testing

@testable import PortalDomain
@testable import PortalServer

/// Walks EVERY registered route (`application.routes`, so routes added by later issues are covered
/// automatically) with EVERY role and anonymously, and checks the answer against the policy table:
///
/// - anonymous on a non-public session route: 303 to `/login` (GET/HEAD with `?next=` the path);
/// - a role the route's access admits: not refused by the access layer (no 403 with its message,
///   no redirect to `/login`);
/// - a role it does not admit: 403 with the access layer's message;
/// - public routes: never 403 for anyone;
/// - API-key routes: a session cookie never authenticates them (no 2xx without a key).
///
/// Every request gets a fresh full session (second factor just checked) and, for unsafe methods, the
/// right CSRF token and a same-origin `Origin`, so only the policy decides.
@Suite struct RouteWalkTests {
    /// Who walks: every role, and nobody.
    static let walkers: [Role?] = [nil] + Role.allCases.map { $0 }

    @Test func everyRouteWithEveryRoleFollowsThePolicyTable() throws {
        let (test, accounts) = try TestPortal.withAccounts()
        let routes = test.application.routes
        #expect(routes.count >= 15)
        var checked = 0
        for route in routes {
            let rule = try #require(
                RoutePolicyTable.rule(route.method, route.pattern), "\(route.method) \(route.pattern) has no row")
            let path = RouteWalkTests.samplePath(route.pattern, tenantID: accounts.tenantID)
            for walker in RouteWalkTests.walkers {
                test.clearCookies()
                let response = try RouteWalkTests.request(route.method, path, as: walker, test: test, accounts: accounts)
                let who = walker?.rawValue ?? "anonymous"
                let label = "\(route.method) \(route.pattern) as \(who): \(response.status) \(response.location ?? "")"
                let accessRefusal = walker.map { response.status == 403 && response.text.contains(AccessMiddleware.refusal($0)) }
                switch rule.authentication {
                case .apiKey:
                    #expect(!(200..<300).contains(response.status), "\(label): a session cookie authenticated an API route")
                case .none:
                    #expect(response.status != 403, "\(label): public route refused")
                case .session where rule.access == .public:
                    #expect(response.status != 403, "\(label): public route refused")
                case .session:
                    if let walker {
                        if rule.access.roles.contains(walker) {
                            #expect(accessRefusal == false, "\(label): refused a role the policy admits")
                            #expect(
                                !(response.location ?? "").hasPrefix("/login?next="), "\(label): sent a signed-in role to sign in"
                            )
                        } else {
                            #expect(accessRefusal == true, "\(label): a role outside the policy was let through")
                        }
                    } else {
                        #expect(response.status == 303, "\(label): anonymous was let through")
                        let next = route.method == .get ? LocalPath.validated(path) : nil
                        let expected = next.map { "/login?next=" + URLQuery.encode($0) } ?? "/login"
                        #expect(response.location == expected, "\(label)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked == routes.count * RouteWalkTests.walkers.count)
    }

    /// A concrete path for a pattern: parameters become the walk tenant's id (or 1), the wildcard a file.
    static func samplePath(_ pattern: String, tenantID: Int64) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            if segment == "*" { return "css/portal.css" }
            if segment.hasPrefix("{") { return String(tenantID) }
            return String(segment)
        }.joined(separator: "/")
    }

    /// Sends `method path` as `role` (a fresh full session) or anonymously (with a pre-session for unsafe methods).
    static func request(_ method: HTTPMethod, _ path: String, as role: Role?, test: TestPortal, accounts: AuthAccounts) throws
        -> PageResponse
    {
        var cookie: String?
        var token: String?
        if let role {
            let session = try accounts.session(role, on: test.portal)
            cookie = "\(SessionCookie.name)=\(session)"
            token = try test.portal.sessions.resolve(token: session)?.csrfToken
        } else if !method.isSafe {
            let login = try test.get("/login")
            token = TestPortal.csrf(in: login)
        }
        if method.isSafe {
            let headers = cookie.map { [("Cookie", $0)] } ?? []
            return test.send(
                try HTTPRequest.mock(
                    "\(method) \(path) HTTP/1.1\r\nHost: a\r\n\(headers.map { "\($0.0): \($0.1)\r\n" }.joined())\r\n"))
        }
        var headers = [("Origin", "https://a")]
        if let cookie { headers.append(("Cookie", cookie)) }
        let body = "_csrf=\(URLQuery.encode(token ?? ""))"
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        let text =
            "\(method) \(path) HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
        return test.send(try HTTPRequest.mock(text))
    }
}

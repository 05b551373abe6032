import PortalDomain
import Testing

@testable import PortalServer

@Suite struct RoutePolicyTableTests {
    /// Every row of the table has a route and every route a row: they cannot drift apart.
    @Test func tableAndRoutesAgree() throws {
        let test = try TestPortal()
        let registered = Set(test.application.routes.map { RouteKey(method: $0.method, pattern: $0.pattern) })
        let bench: Set<String> = ["/plain", "/page"]
        for route in registered where !bench.contains(route.pattern) {
            #expect(RoutePolicyTable.byKey[route] != nil, "\(route) has no policy row")
        }
        for rule in RoutePolicyTable.all {
            #expect(registered.contains(rule.key), "\(rule.key) is in the table but not registered")
        }
    }

    @Test func accessTurnsIntoRolePolicies() {
        #expect(RouteAccess.public.policy == .public)
        #expect(RouteAccess.signedIn.policy == .signedIn)
        #expect(RouteAccess.capability(.blockTenants).policy == .roles([RoleName(Role.ownerAdmin.rawValue)]))
        #expect(RouteAccess.capability(.readNotifications).roles == [.tenantAdmin, .coach, .client])
    }
}

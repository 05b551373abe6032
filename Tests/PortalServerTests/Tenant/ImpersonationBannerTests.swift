import PortalDomain
import Testing

@testable import PortalServer

/// Issue 7 Bar: while impersonating, every tenant-side page carries the server-rendered banner. Walks
/// EVERY GET route of the policy table under `/app` (and the elevation page), with real ids of the
/// studio for `{id}`, plus the error pages (404, 403, 422, 402).
@Suite struct ImpersonationBannerTests {
    /// Real ids of studio A for each kind of `{id}` route, so every page renders (200).
    struct Ids {
        let activeClient: Int64
        let inactiveClient: Int64
        let activeCoach: Int64
        let inactiveCoach: Int64
        let booking: Int64
        let upgrade: Int64
        let apiKey: Int64
    }

    /// Fills studio A with one of each row the `{id}` pages need.
    static func ids(_ f: TenantFixture) throws -> Ids {
        let admin = TenantFixture.actor(f.adminA)
        let portal = f.portal
        let activeClient = try #require(try portal.clients.list(tenant: f.tenantA.id, by: admin).items.first).id
        let inactiveClient = try portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "Former Client"), by: admin).id
        _ = try portal.clients.setStatus(inactiveClient, tenant: f.tenantA.id, .inactive, by: admin)
        let activeCoach = try #require(try portal.coaches.list(tenant: f.tenantA.id, by: admin).items.first).id
        let inactiveCoach = try portal.coaches.add(tenant: f.tenantA.id, PersonDraft(name: "Former Coach"), by: admin).id
        _ = try portal.coaches.setStatus(inactiveCoach, tenant: f.tenantA.id, .inactive, by: admin)
        let booking = try portal.bookings.create(
            tenant: f.tenantA.id,
            BookingDraft(clientID: activeClient, coachID: activeCoach, startsAt: f.clock.seconds + 86_400), by: admin
        ).id
        let upgrade = try portal.upgrades.submit(tenant: f.tenantA.id, toPlan: f.pro.id, reason: "Growth", by: admin).id
        let apiKey = try portal.apiKeys.create(tenant: f.tenantA.id, name: "Site", scopes: [.usageRead], by: admin).key.id
        return Ids(
            activeClient: activeClient, inactiveClient: inactiveClient, activeCoach: activeCoach, inactiveCoach: inactiveCoach,
            booking: booking, upgrade: upgrade, apiKey: apiKey)
    }

    /// The concrete path of a GET pattern; nil for a pattern this table does not know (the test fails then).
    static func path(_ pattern: String, _ ids: Ids) -> String? {
        guard pattern.contains("{") else { return pattern }
        let table: [String: Int64] = [
            "/app/clients/{id}": ids.activeClient, "/app/clients/{id}/deactivate": ids.activeClient,
            "/app/clients/{id}/reactivate": ids.inactiveClient,
            "/app/coaches/{id}": ids.activeCoach, "/app/coaches/{id}/deactivate": ids.activeCoach,
            "/app/coaches/{id}/reactivate": ids.inactiveCoach,
            "/app/sessions/{id}/cancel": ids.booking,
            "/app/settings/plan/upgrade/{id}/withdraw": ids.upgrade,
            "/app/settings/api-keys/{id}/revoke": ids.apiKey,
        ]
        return table[pattern].map { pattern.replacingOccurrences(of: "{id}", with: String($0)) }
    }

    @Test func everyTenantSideRouteRendersTheBanner() throws {
        let f = try TenantFixture()
        let ids = try ImpersonationBannerTests.ids(f)
        try f.impersonate(f.adminA, by: f.support)
        let patterns = RoutePolicyTable.all.filter {
            $0.method == .get
                && ($0.pattern == "/app" || $0.pattern.hasPrefix("/app/") || $0.pattern.hasPrefix("/impersonation/"))
        }.map(\.pattern)
        #expect(patterns.count >= 20)
        for pattern in patterns {
            let path = try #require(ImpersonationBannerTests.path(pattern, ids), "no sample id for \(pattern)")
            let page = try f.get(path, as: f.support)
            #expect(page.status == 200, "\(path): \(page.status) \(page.location ?? "")")
            #expect(page.text.contains(bannerPattern()), "\(path) has no banner")
            #expect(
                page.text.contains(
                    "Viewing as <strong>Admin Alpha</strong> (Studio Alpha), impersonated by <strong>Sam Support</strong>"))
        }
        // The error pages wear it too: 404, 403 (a read-only write), 422.
        let notFound = try f.get("/app/clients/987654", as: f.support)
        #expect(notFound.status == 404 && notFound.text.contains(bannerPattern()))
        let refused = try f.post("/app/clients", [("name", "x")], as: f.support)
        #expect(refused.status == 403 && refused.text.contains(bannerPattern()))
        // So do the pages of requests no route matches (404, 405), which are recorded like any other.
        let unknown = try f.get("/app/no-such-page", as: f.support)
        #expect(unknown.status == 404 && unknown.text.contains(bannerPattern()))
        let wrongMethod = try f.get("/impersonation/stop", as: f.support)
        #expect(wrongMethod.status == 405 && wrongMethod.text.contains(bannerPattern()))
        let recorded = try f.audit("impersonation.request")
        #expect(recorded.contains { $0.facts["route"] == "(unrouted)" && $0.facts["status"] == "404" })
        try f.elevate(f.support)
        let invalid = try f.post("/app/clients", [("name", "")], as: f.support)
        #expect(invalid.status == 422 && invalid.text.contains(bannerPattern()))
        // 402: the studio has 1 of 3 active clients; fill the two free seats, then one more.
        #expect(try f.post("/app/clients", [("name", "Second")], as: f.support).status == 303)
        #expect(try f.post("/app/clients", [("name", "Third")], as: f.support).status == 303)
        let limit = try f.post("/app/clients", [("name", "Fourth")], as: f.support)
        #expect(limit.status == 402 && limit.text.contains(bannerPattern()))
        #expect(limit.text.contains(#"<span class="mode write">write</span>"#))
    }

    @Test func aCoachsPagesCarryItToo() throws {
        let f = try TenantFixture()
        try f.impersonate(f.coachA, by: f.support)
        for path in ["/app", "/app/notifications"] {
            let page = try f.get(path, as: f.support)
            #expect(page.status == 200 && page.text.contains(bannerPattern()), "\(path)")
            #expect(page.text.contains("Viewing as <strong>Cora Coach</strong>"))
        }
        #expect(try f.get("/app/clients", as: f.support).status == 403)
    }
}

import Foundation
import PortalDomain
import Testing

@testable import PortalServer

/// Issue 7 Bar: no tenant reads or changes another tenant's data through any page or API route. Every
/// tenant-side route with an id parameter (taken from the policy table, so new routes are covered) is
/// tried by studio A's admin with studio B's ids, GET and POST: always 404 or 403, and B's rows stay
/// exactly as they were.
@Suite struct TenantIsolationTests {
    /// Studio B's rows as its own admin reads them.
    struct Snapshot: Equatable {
        let clients: [Person]
        let coaches: [Person]
        let bookings: [Booking]
        let upgrade: UpgradeRequest?
        let keys: [APIKey]
        let inbox: Inbox
        let audit: Int
    }

    static func snapshot(_ f: TenantFixture) throws -> Snapshot {
        let b = TenantFixture.actor(f.adminB)
        let portal = f.portal
        return Snapshot(
            clients: try portal.clients.list(tenant: f.tenantB.id, by: b).items,
            coaches: try portal.coaches.list(tenant: f.tenantB.id, by: b).items,
            bookings: try portal.bookings.list(tenant: f.tenantB.id, from: 0, until: Int64.max, by: b),
            upgrade: try portal.upgrades.latest(tenant: f.tenantB.id, by: b),
            keys: try portal.apiKeys.list(tenant: f.tenantB.id, by: b),
            inbox: try portal.broadcasts.inbox(by: b),
            audit: try portal.audit.count(AuditFilter(tenantID: f.tenantB.id), by: TenantFixture.actor(f.ownerAdmin)))
    }

    @Test func everyIdRouteRefusesAnotherStudiosIds() throws {
        let f = try TenantFixture()
        let b = TenantFixture.actor(f.adminB)
        let portal = f.portal
        let client = try portal.clients.add(tenant: f.tenantB.id, PersonDraft(name: "B Client", email: "c@b.example"), by: b)
        let inactive = try portal.clients.add(tenant: f.tenantB.id, PersonDraft(name: "B Former"), by: b)
        _ = try portal.clients.setStatus(inactive.id, tenant: f.tenantB.id, .inactive, by: b)
        let coach = try portal.coaches.add(tenant: f.tenantB.id, PersonDraft(name: "B Coach"), by: b)
        let booking = try portal.bookings.create(
            tenant: f.tenantB.id, BookingDraft(clientID: client.id, coachID: coach.id, startsAt: f.clock.seconds + 86_400), by: b)
        let upgrade = try portal.upgrades.submit(tenant: f.tenantB.id, toPlan: f.pro.id, reason: "B grows", by: b)
        let key = try portal.apiKeys.create(tenant: f.tenantB.id, name: "B key", scopes: [.clientsRead], by: b)
        try portal.broadcasts.notifyUser(f.adminB.id, title: "For B", bodyHTML: "<p>B</p>", by: TenantFixture.actor(f.ownerAdmin))
        let notice = try #require(try portal.broadcasts.inbox(by: b).items.first).id
        // B's id for each kind of route.
        let foreign: [String: Int64] = [
            "/app/clients/": client.id, "/app/coaches/": coach.id, "/app/sessions/": booking.id,
            "/app/settings/plan/upgrade/": upgrade.id, "/app/settings/api-keys/": key.key.id, "/app/notifications/": notice,
        ]
        let before = try TenantIsolationTests.snapshot(f)
        let rules = RoutePolicyTable.all.filter {
            ($0.pattern.hasPrefix("/app/") || $0.pattern.hasPrefix("/api/")) && $0.pattern.contains("{")
        }
        #expect(rules.count >= 19)
        for rule in rules {
            let prefix = try #require(foreign.keys.first { rule.pattern.hasPrefix($0) }, "no foreign id for \(rule.pattern)")
            var path = rule.pattern.replacingOccurrences(of: "{id}", with: String(foreign[prefix] ?? 0))
            if rule.pattern == "/app/clients/{id}/reactivate" { path = "/app/clients/\(inactive.id)/reactivate" }
            let fields = [
                ("name", "Taken over"), ("email", "x@a.example"), ("reason", "mine now"), ("before", ""),
            ]
            let response = rule.method == .get ? try f.get(path, as: f.adminA) : try f.post(path, fields, as: f.adminA)
            #expect(
                [403, 404].contains(response.status), "\(rule.method) \(path): \(response.status) \(response.location ?? "")")
            #expect(!response.text.contains("B Client") && !response.text.contains("B key") && !response.text.contains("For B"))
        }
        #expect(try TenantIsolationTests.snapshot(f) == before)
        // Lists and the API never show the other studio either.
        #expect(!(try f.get("/app/clients", as: f.adminA).text.contains("B Client")))
        #expect(
            !(try f.get("/app/sessions?week=\(Formatting(timeZone: "Europe/Berlin").isoDate(booking.startsAt))", as: f.adminA)
                .text.contains("B Client")))
        let secret = try portal.apiKeys.create(
            tenant: f.tenantA.id, name: "A key", scopes: [.clientsRead], by: TenantFixture.actor(f.adminA)
        ).secret
        let api = try f.test.get("/api/v1/clients?q=B%20Client", headers: [("Authorization", "Bearer \(secret)")])
        #expect(api.status == 200 && !api.text.contains("B Client"))
    }
}

import PortalDomain
import Testing

@testable import PortalServer

@Suite struct TenantHomePageTests {
    @Test func adminsSeePlanUsageAlertsAndUnreadNotifications() throws {
        let f = try TenantFixture()
        let admin = TenantFixture.actor(f.adminA)
        // 3 of 3 clients: a usage alert at 100 %.
        for index in 0..<2 { _ = try f.portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "C\(index)"), by: admin) }
        let draft = try f.portal.broadcasts.createDraft(
            BroadcastDraft(
                title: "Maintenance tonight", bodyHTML: "<p>We <strong>upgrade</strong> at 22:00.</p>", audience: .all),
            by: TenantFixture.actor(f.ownerAdmin))
        f.clock.advance(by: 60)
        _ = try f.portal.broadcasts.send(draft.id, by: TenantFixture.actor(f.ownerAdmin))
        let page = try f.get("/app", as: f.adminA)
        #expect(page.status == 200)
        #expect(page.text.contains("Plan: Starter"))
        #expect(page.text.contains("Usage alerts"))
        #expect(page.text.contains("Active clients: 3 of 3"))
        #expect(page.text.contains("Maintenance tonight"))
        #expect(page.text.contains("We upgrade at 22:00."))
        #expect(page.text.contains(#"<a href="/app" aria-current="page">Home</a>"#))
        #expect(page.text.contains(#"<span class="count">1</span>"#))
    }

    @Test func coachesSeeTheirNotificationsButNotTheBusiness() throws {
        let f = try TenantFixture()
        let page = try f.get("/app", as: f.coachA)
        #expect(page.status == 200)
        #expect(page.text.contains("Welcome, Cora Coach"))
        #expect(page.text.contains("You are all caught up"))
        #expect(!page.text.contains("Plan: Starter"))
        #expect(!page.text.contains(#"href="/app/clients""#))
        #expect(page.text.contains(#"href="/app/notifications""#))
    }

    @Test func ownerStaffAsThemselvesHaveNoWorkspace() throws {
        let f = try TenantFixture()
        #expect(try f.get("/app", as: f.support).status == 403)
    }
}

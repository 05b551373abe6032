import Foundation
import PortalDomain
import Testing

@testable import PortalServer

@Suite struct OwnerUpgradesPagesTests {
    @Test func queueShowsTheRequestBesideUsageAndHistory() throws {
        let f = try OwnerFixture()
        let html = try f.get("/owner/upgrades", as: .readOnly).text
        #expect(html.contains("Pulse Hamburg</a>: Starter → Pro"))
        #expect(html.contains("We are growing fast"))
        #expect(html.contains(#"<svg class="history-chart""#))
        #expect(html.contains("Sessions this month"))
        #expect(!html.contains("/approve"))
        let billing = try f.get("/owner/upgrades", as: .billingOps).text
        #expect(billing.contains(#"action="/owner/upgrades/\#(f.upgrade.id)/approve""#))
        #expect(billing.contains("No request has been decided yet"))
    }

    @Test func rejectNeedsAReasonThenTellsTheTenant() throws {
        let f = try OwnerFixture()
        let before = try f.auditCount()
        let refused = try f.post("/owner/upgrades/\(f.upgrade.id)/reject", [("reason", " ")], as: .billingOps)
        #expect(refused.status == 422)
        #expect(refused.text.contains("Reason is required."))
        #expect(try f.auditCount() == before)
        #expect(try f.portal.upgrades.pendingCount(by: f.actor(.readOnly)) == 1)
        #expect(try f.post("/owner/upgrades/\(f.upgrade.id)/reject", [("reason", "No")], as: .support).status == 403)

        let done = try f.post(
            "/owner/upgrades/\(f.upgrade.id)/reject", [("reason", "Pay the open invoice first")], as: .billingOps)
        #expect(done.status == 303)
        #expect(f.flash(done) == "Rejected: Pulse Hamburg stays on Starter and was told why.")
        let latest = try #require(try f.portal.upgrades.latest(tenant: f.other.id, by: f.otherAdmin))
        #expect(latest.status == .rejected && latest.decisionReason == "Pay the open invoice first")
        let entry = try #require(try f.lastAudit("upgrade.rejected"))
        #expect(entry.tenantID == f.other.id && entry.note == "Pay the open invoice first")
        let history = try f.get("/owner/upgrades").text
        #expect(history.contains("Nothing to decide"))
        #expect(history.contains("Pay the open invoice first"))
        #expect(history.contains("Billing ops Person"))
        #expect(try f.post("/owner/upgrades/\(f.upgrade.id)/approve", []).status == 409)
    }

    @Test func approveMovesTheTenantToThePlan() throws {
        let f = try OwnerFixture()
        let done = try f.post("/owner/upgrades/\(f.upgrade.id)/approve", [("note", "Welcome to Pro")])
        #expect(done.status == 303)
        #expect(f.flash(done) == "Approved: Pulse Hamburg is now on Pro.")
        #expect(try f.portal.tenants.get(f.other.id, by: f.actor(.readOnly)).planID == f.pro.id)
        let entry = try #require(try f.lastAudit("upgrade.approved"))
        #expect(entry.actorUserID == f.staff[.ownerAdmin]?.userID && entry.note == "Welcome to Pro")
        #expect(try f.lastAudit("tenant.plan_changed")?.tenantID == f.other.id)
        #expect(try f.post("/owner/upgrades/999/approve", []).status == 404)
    }
}

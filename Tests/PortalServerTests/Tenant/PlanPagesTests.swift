import PortalDomain
import Testing

@testable import PortalServer

@Suite struct PlanPagesTests {
    @Test func limitsAgainstUsageWithWarningsAndTheUpgradeForm() throws {
        let f = try TenantFixture()
        // 1 of 2 coaches (50 %), 1 of 3 clients; a third client makes 67 %, the second coach 100 %.
        _ = try f.portal.coaches.add(tenant: f.tenantA.id, PersonDraft(name: "Second"), by: TenantFixture.actor(f.adminA))
        let page = try f.get("/app/settings/plan", as: f.adminA)
        #expect(page.status == 200)
        #expect(page.text.contains(#"id="upgrade""#))
        #expect(page.text.contains("Some limits are at 80 % or more"))
        #expect(page.text.contains(#"<span class="badge blocked">100 %</span>"#))
        #expect(page.text.contains("€149.00"))
        #expect(page.text.contains(#"<option value="\#(f.pro.id)">Pro (€149.00 / month)</option>"#))
        #expect(!page.text.contains(#"<option value="\#(f.starter.id)">"#))
        #expect(page.text.contains("Your plan"))
    }

    @Test func submittingShowsThePendingRequestAndASecondIsAConflict() throws {
        let f = try TenantFixture()
        let response = try f.post(
            "/app/settings/plan/upgrade", [("to_plan_id", String(f.pro.id)), ("reason", "We grow fast")], as: f.adminA)
        #expect(response.status == 303 && response.location == "/app/settings/plan#upgrade")
        let entry = try #require(try f.audit("upgrade.requested").first)
        #expect(entry.tenantID == f.tenantA.id && entry.note == "We grow fast")
        let page = try f.get("/app/settings/plan", as: f.adminA)
        #expect(page.text.contains("Pending") && page.text.contains("move from Starter to Pro"))
        #expect(page.text.contains("/app/settings/plan/upgrade/\(try #require(entry.targetID))/withdraw"))
        let before = try f.snapshot()
        let second = try f.post(
            "/app/settings/plan/upgrade", [("to_plan_id", String(f.pro.id)), ("reason", "Again")], as: f.adminA)
        #expect(second.status == 409)
        #expect(try f.snapshot() == before)
    }

    @Test func invalidRequestIsA422AndNothingIsWritten() throws {
        let f = try TenantFixture()
        let before = try f.snapshot()
        let noPlan = try f.post("/app/settings/plan/upgrade", [("to_plan_id", ""), ("reason", "")], as: f.adminA)
        #expect(noPlan.status == 422)
        #expect(noPlan.text.contains("Choose the plan you would like.") && noPlan.text.contains("Tell us briefly why"))
        let noReason = try f.post(
            "/app/settings/plan/upgrade", [("to_plan_id", String(f.pro.id)), ("reason", " ")], as: f.adminA)
        #expect(noReason.status == 422 && noReason.text.contains("Reason is required"))
        #expect(noReason.text.contains(#"<option value="\#(f.pro.id)" selected>"#))
        let samePlan = try f.post(
            "/app/settings/plan/upgrade", [("to_plan_id", String(f.starter.id)), ("reason", "Hm")], as: f.adminA)
        #expect(samePlan.status == 422 && samePlan.text.contains("You are already on Starter"))
        #expect(try f.snapshot() == before)
    }

    @Test func withdrawingGoesThroughAConfirmation() throws {
        let f = try TenantFixture()
        let request = try f.portal.upgrades.submit(
            tenant: f.tenantA.id, toPlan: f.pro.id, reason: "Growth", by: TenantFixture.actor(f.adminA))
        let confirm = try f.get("/app/settings/plan/upgrade/\(request.id)/withdraw", as: f.adminA)
        #expect(confirm.status == 200 && confirm.text.contains("Withdraw your upgrade request?"))
        #expect(try f.get("/app/settings/plan/upgrade/\(request.id)/withdraw", as: f.adminB).status == 404)
        #expect(try f.post("/app/settings/plan/upgrade/\(request.id)/withdraw", as: f.adminB).status == 404)
        #expect(try f.post("/app/settings/plan/upgrade/\(request.id)/withdraw", as: f.adminA).status == 303)
        #expect(try f.audit("upgrade.withdrawn").first?.targetID == request.id)
        let page = try f.get("/app/settings/plan", as: f.adminA)
        #expect(page.text.contains("Send the request"))
    }

    @Test func theLastRejectionsReasonIsShown() throws {
        let f = try TenantFixture()
        let request = try f.portal.upgrades.submit(
            tenant: f.tenantA.id, toPlan: f.pro.id, reason: "Growth", by: TenantFixture.actor(f.adminA))
        _ = try f.portal.upgrades.reject(request.id, reason: "Invoices unpaid", by: TenantFixture.actor(f.ownerAdmin))
        let page = try f.get("/app/settings/plan", as: f.adminA)
        #expect(page.text.contains("Declined") && page.text.contains("Reason: Invoices unpaid"))
        #expect(page.text.contains("Send the request"))
    }
}

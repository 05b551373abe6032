import Foundation
import PortalDomain
import Testing

@testable import PortalServer

@Suite struct OwnerPlansPagesTests {
    @Test func listShowsPricesLimitsAndFeatures() throws {
        let f = try OwnerFixture()
        let html = try f.get("/owner/plans", as: .readOnly).text
        #expect(html.contains("€49.00") && html.contains("€499.00"))
        #expect(html.contains(#"<td class="num">Unlimited</td>"#))
        #expect(html.contains("1 GB"))
        #expect(html.contains("Marketing automation, Online booking, Reports"))
        #expect(!html.contains("/owner/plans/new"))
        #expect(try f.get("/owner/plans", as: .billingOps).text.contains("/owner/plans/new"))
    }

    @Test func createValidatesAndAudits() throws {
        let f = try OwnerFixture()
        let before = try f.auditCount()
        let invalid = try f.post(
            "/owner/plans",
            [("name", "Starter"), ("price", "12.345"), ("currency", "EUR"), ("max_clients", "-3"), ("sort_order", "4")],
            as: .billingOps)
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("Enter the monthly price as a number"))
        #expect(invalid.text.contains("Enter a whole number of zero or more"))
        let duplicate = try f.post(
            "/owner/plans", [("name", "starter"), ("price", "10"), ("currency", "EUR"), ("sort_order", "4")], as: .billingOps)
        #expect(duplicate.status == 422 && duplicate.text.contains("Another plan is called starter"))
        #expect(try f.auditCount() == before)

        let done = try f.post(
            "/owner/plans",
            [
                ("name", "Studio Plus"), ("price", "89.5"), ("currency", "EUR"), ("max_clients", "200"), ("max_coaches", "8"),
                ("max_sessions_per_month", ""), ("max_storage", "20"), ("features", "online_booking"), ("features", "reports"),
                ("sort_order", "2"),
            ], as: .billingOps)
        #expect(done.status == 303 && done.location == "/owner/plans")
        let plan = try #require(try f.portal.plans.list().first { $0.name == "Studio Plus" })
        #expect(plan.price == Money(minorUnits: 8_950, currency: "EUR"))
        #expect(plan.limits == PlanLimits(clients: 200, coaches: 8, sessionsPerMonth: nil, storageGB: 20))
        #expect(plan.features == ["online_booking", "reports"])
        let entry = try #require(try f.lastAudit("plan.created"))
        #expect(entry.targetID == plan.id && entry.actorUserID == f.staff[.billingOps]?.userID)
        #expect(try f.post("/owner/plans", [("name", "X"), ("price", "1"), ("currency", "EUR")], as: .support).status == 403)
    }

    @Test func lowerLimitsBlockTenantsAndTheFlashSaysHowMany() throws {
        let f = try OwnerFixture()
        let edit = try f.get("/owner/plans/\(f.starter.id)/edit").text
        #expect(edit.contains(#"value="49.00""#) && edit.contains("2 tenants are on this plan"))
        let fields: [(String, String)] = [
            ("name", "Starter"), ("price", "49"), ("currency", "EUR"), ("max_clients", "2"), ("max_coaches", "2"),
            ("max_sessions_per_month", "10"), ("max_storage", "1"), ("features", "online_booking"), ("sort_order", "1"),
        ]
        let done = try f.post("/owner/plans/\(f.starter.id)", fields, as: .billingOps)
        #expect(done.status == 303)
        #expect(
            f.flash(done)
                == "Plan Starter saved. Limits re-checked for 2 tenants: 1 now blocked for being over the new limits.")
        let tenant = try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly))
        #expect(tenant.status == .blocked && tenant.blockKind == .overLimit)
        let entry = try #require(try f.lastAudit("plan.updated"))
        #expect(entry.changes.contains(.value("max_clients", "4", "2")))
        #expect(try f.lastAudit("tenant.limit_blocked")?.tenantID == f.tenant.id)
        var raised = fields
        raised[3] = ("max_clients", "")
        let back = try f.post("/owner/plans/\(f.starter.id)", raised, as: .ownerAdmin)
        #expect(f.flash(back) == "Plan Starter saved. Limits re-checked for 2 tenants: 1 unblocked.")
        #expect(try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly)).status == .active)
        // A price change alone does not mention limits.
        raised[1] = ("price", "59")
        #expect(f.flash(try f.post("/owner/plans/\(f.starter.id)", raised)) == "Plan Starter saved.")
    }

    @Test func aPlanInUseCannotBeDeleted() throws {
        let f = try OwnerFixture()
        let page = try f.get("/owner/plans/\(f.starter.id)/delete").text
        #expect(page.contains("Starter cannot be deleted: 2 tenants use it."))
        #expect(!page.contains(#"action="/owner/plans/\#(f.starter.id)/delete""#))
        let before = try f.auditCount()
        let refused = try f.post("/owner/plans/\(f.starter.id)/delete", [])
        #expect(refused.status == 409)
        #expect(refused.text.contains("is used by 2 tenants and cannot be deleted"))
        #expect(try f.auditCount() == before)
        let done = try f.post("/owner/plans/\(f.enterprise.id)/delete", [], as: .billingOps)
        #expect(done.status == 303 && f.flash(done) == "Plan Enterprise deleted.")
        #expect(try f.portal.plans.list().allSatisfy { $0.id != f.enterprise.id })
        #expect(try f.lastAudit("plan.deleted")?.targetID == f.enterprise.id)
    }

    @Test func pricesParseInTheCurrencysMinorUnits() {
        #expect(PlanForm.minorUnits("49", digits: 2) == 4_900)
        #expect(PlanForm.minorUnits("49.5", digits: 2) == 4_950)
        #expect(PlanForm.minorUnits("1,049.99", digits: 2) == 104_999)
        #expect(PlanForm.minorUnits("1200", digits: 0) == 1_200)
        #expect(PlanForm.minorUnits("0.125", digits: 3) == 125)
        for bad in ["", "-1", "4.999", "1e3", ".5", "abc", "١٢"] {
            #expect(PlanForm.minorUnits(bad, digits: 2) == nil, "\(bad)")
        }
        #expect(PlanForm.minorUnits("1.5", digits: 0) == nil)
    }
}

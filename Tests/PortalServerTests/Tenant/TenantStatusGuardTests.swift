import PortalDomain
import Testing

@testable import PortalServer

@Suite struct TenantStatusGuardTests {
    @Test func aSuspendedStudiosUsersGetAClearPageAndWriteNothing() throws {
        let f = try TenantFixture()
        _ = try f.portal.tenants.suspend(
            f.tenantA.id, reason: "Invoices unpaid since March", by: TenantFixture.actor(f.ownerAdmin))
        for path in ["/app", "/app/clients", "/app/settings/plan", "/app/sessions/new"] {
            let page = try f.get(path, as: f.adminA)
            #expect(page.status == 403, "\(path)")
            #expect(page.text.contains("Studio Alpha is suspended"), "\(path)")
            #expect(page.text.contains("Reason given: Invoices unpaid since March"), "\(path)")
            #expect(page.text.contains("the platform's support team"), "\(path)")
        }
        #expect(try f.get("/app/notifications", as: f.coachA).status == 403)
        let before = try f.snapshot()
        let refused = try f.post("/app/clients", [("name", "Late addition")], as: f.adminA)
        #expect(refused.status == 403 && refused.text.contains("Nothing you send now is saved"))
        #expect(
            try f.post("/app/settings/plan/upgrade", [("to_plan_id", String(f.pro.id)), ("reason", "x")], as: f.adminA).status
                == 403)
        #expect(try f.post("/app/notifications/read-all", as: f.coachA).status == 403)
        #expect(try f.snapshot() == before)
        // Studio B is not affected.
        #expect(try f.get("/app", as: f.adminB).status == 200)
    }

    @Test func staffImpersonatingASuspendedStudioStillActUntilABlockEndsIt() throws {
        let f = try TenantFixture()
        _ = try f.portal.tenants.suspend(f.tenantA.id, reason: "Unpaid", by: TenantFixture.actor(f.ownerAdmin))
        // A suspended studio can still be impersonated, and changed in write mode.
        #expect(try f.impersonate(f.adminA, by: f.support).status == 303)
        #expect(try f.get("/app/clients", as: f.support).status == 200)
        try f.elevate(f.support)
        let added = try f.post("/app/clients", [("name", "Added by support")], as: f.support)
        #expect(added.status == 303)
        let entry = try #require(try f.audit("client.created").first)
        #expect(entry.actorUserID == f.adminA.id && entry.impersonatorUserID == f.support.id)
        // A manual block refuses the studio's users and ends the running impersonation: the agent is back
        // on their own session, which has no tenant pages.
        _ = try f.portal.tenants.reactivate(f.tenantA.id, reason: "Paid", by: TenantFixture.actor(f.ownerAdmin))
        _ = try f.portal.tenants.block(f.tenantA.id, reason: "Abuse report", by: TenantFixture.actor(f.ownerAdmin))
        let page = try f.get("/app/clients", as: f.adminA)
        #expect(page.status == 403 && page.text.contains("Studio Alpha is blocked"))
        let before = try f.snapshot()
        #expect(try f.get("/app/clients", as: f.support).status == 403)
        #expect(try f.post("/app/clients", [("name", "After the block")], as: f.support).status == 403)
        #expect(try f.snapshot() == before)
    }

    @Test func anOverLimitStudioWorksExceptAdds() throws {
        let f = try TenantFixture()
        let system = TenantFixture.system
        let tiny = try f.portal.plans.create(
            PlanDraft(
                name: "Tiny", priceMinor: 900, currency: "EUR",
                limits: PlanLimits(clients: 1, coaches: 1, sessionsPerMonth: 1, storageGB: 1), features: [], sortOrder: 0),
            by: system)
        _ = try f.portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "Second client"), by: TenantFixture.actor(f.adminA))
        _ = try f.portal.tenants.changePlan(f.tenantA.id, to: tiny.id, reason: "downgrade", by: TenantFixture.actor(f.ownerAdmin))
        let tenant = try f.portal.tenants.get(f.tenantA.id, by: TenantFixture.actor(f.ownerAdmin))
        #expect(tenant.status == .blocked && tenant.blockKind == .overLimit)
        let home = try f.get("/app", as: f.adminA)
        #expect(home.status == 200 && home.text.contains("over a limit"))
        let before = try f.snapshot()
        #expect(try f.post("/app/clients", [("name", "Third")], as: f.adminA).status == 402)
        #expect(try f.snapshot() == before)
        let client = try #require(
            try f.portal.clients.list(tenant: f.tenantA.id, search: "Second", by: TenantFixture.actor(f.adminA)).items.first)
        #expect(try f.post("/app/clients/\(client.id)/deactivate", as: f.adminA).status == 303)
        #expect(
            try f.post("/app/settings/plan/upgrade", [("to_plan_id", String(f.pro.id)), ("reason", "more room")], as: f.adminA)
                .status == 303)
    }
}

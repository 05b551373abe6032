import PortalDomain
import Testing

@testable import PortalServer

@Suite struct ProviderAccessPageTests {
    @Test func emptyUntilStaffImpersonateThenEachAccessIsListed() throws {
        let f = try TenantFixture()
        let empty = try f.get("/app/provider-access", as: f.adminA)
        #expect(empty.status == 200 && empty.text.contains("No provider access yet"))
        let impersonation = try f.portal.impersonations.start(
            ImpersonationStart(
                targetUserID: f.adminA.id, tenantID: f.tenantA.id, reason: "Checking <the> client list", ticket: "SUP-7",
                minutes: 15, sessionID: 5), by: TenantFixture.actor(f.support))
        f.clock.advance(by: 600)
        _ = try f.portal.impersonations.stop(impersonation.id, by: TenantFixture.actor(f.support))
        let page = try f.get("/app/provider-access", as: f.adminA)
        #expect(page.text.contains("Sam Support") && page.text.contains("Admin Alpha"))
        #expect(page.text.contains("Checking &lt;the&gt; client list") && page.text.contains("Ticket SUP-7"))
        #expect(page.text.contains("10 min") && page.text.contains("Read-only") && page.text.contains("Stopped"))
        #expect(!(try f.get("/app/provider-access", as: f.adminB).text.contains("SUP-7")))
        #expect(try f.get("/app/provider-access", as: f.coachA).status == 403)
    }

    @Test func durations() {
        #expect(ProviderAccessPage.duration(45) == "45 s")
        #expect(ProviderAccessPage.duration(600) == "10 min")
        #expect(ProviderAccessPage.duration(3_900) == "1 h 05 min")
    }
}

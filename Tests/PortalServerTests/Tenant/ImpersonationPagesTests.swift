import PortalDomain
import Testing

@testable import PortalServer

/// The banner's words, with the names and times left open.
func bannerPattern() -> Regex<(Substring, Substring)> {
    /Viewing as <strong>[^<]+<\/strong> \([^)]+\), impersonated by <strong>[^<]+<\/strong>, <span class="mode[^"]*">(read-only|write)<\/span>, ends in <time[^>]*>\d\d:\d\d<\/time>/
}

@Suite struct ImpersonationPagesTests {
    @Test func startingRotatesTheTokenLandsOnTheStudioAndShowsTheBanner() throws {
        let f = try TenantFixture()
        let before = try f.token(f.support)
        let started = try f.impersonate(f.adminA, by: f.support)
        #expect(started.status == 303 && started.location == "/app")
        let after = try f.token(f.support)
        #expect(after != before)
        #expect(try f.portal.sessions.resolve(token: before) == nil)
        let home = try f.get("/app", as: f.support)
        #expect(home.status == 200)
        #expect(
            home.text.contains(
                "Viewing as <strong>Admin Alpha</strong> (Studio Alpha), impersonated by <strong>Sam Support</strong>"))
        #expect(home.text.contains(">read-only</span>, ends in <time"))
        #expect(home.text.contains(">15:00</time>"))
        #expect(home.text.contains("You are viewing the portal as Admin Alpha, read-only, for 15 minutes."))
        #expect(home.text.contains(#"href="/impersonation/elevate""#))
        #expect(home.text.contains("Plan: Starter"))
        let entry = try #require(try f.audit("impersonation.started").first)
        #expect(entry.actorUserID == f.adminA.id && entry.impersonatorUserID == f.support.id)
        #expect(entry.note == "Ticket SUP-100: Ticket asks to check the client list")
    }

    @Test func refusedStartsWriteNothing() throws {
        let f = try TenantFixture()
        let before = try (f.count("impersonations"), f.count("audit_entries"))
        let invalid = try f.post(
            "/owner/tenants/\(f.tenantA.id)/impersonate", [("user_id", ""), ("ticket", "T-1")], as: f.support)
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("Choose the user to view as.") && invalid.text.contains("Reason is required"))
        #expect(invalid.text.contains(#"value="T-1""#))
        let staffTarget = try f.post(
            "/owner/tenants/\(f.tenantA.id)/impersonate",
            [("user_id", String(f.ownerAdmin.id)), ("reason", "r"), ("ticket", "t")], as: f.support)
        #expect(staffTarget.status == 403)
        let foreign = try f.post(
            "/owner/tenants/\(f.tenantB.id)/impersonate", [("user_id", String(f.adminA.id)), ("reason", "r"), ("ticket", "t")],
            as: f.support)
        #expect(foreign.status == 422)
        let tooLong = try f.impersonate(f.adminA, by: f.support, minutes: 61)
        #expect(tooLong.status == 422 && tooLong.text.contains("Length must be a whole number from 1 to 60."))
        #expect(try f.impersonate(f.adminA, by: f.adminB).status == 403)
        #expect(try (f.count("impersonations"), f.count("audit_entries")) == before)
    }

    @Test func startingIsADangerousActionThatNeedsAFreshSecondFactor() throws {
        let f = try TenantFixture()
        _ = try f.token(f.support)
        f.clock.advance(by: 16 * 60)
        let asked = try f.impersonate(f.adminA, by: f.support)
        #expect(asked.status == 200 && asked.text.contains(StepUpMiddleware.codeField))
        #expect(try f.count("impersonations") == 0)
    }

    @Test func readOnlyRefusesEveryWriteWithE_PERMISSION() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        let before = try f.snapshot()
        let refused = try f.post("/app/clients", [("name", "Written by support")], as: f.support)
        #expect(refused.status == 403 && refused.text.contains("E_PERMISSION"))
        #expect(refused.text.contains("Viewing as <strong>Admin Alpha</strong>"))
        #expect(try f.post("/app/notifications/read-all", as: f.support).status == 403)
        var after = try f.snapshot()
        after["audit_entries"] = before["audit_entries"]
        #expect(after == before)
        #expect(try f.get("/app/clients", as: f.support).status == 200)
    }

    @Test func writeModeNeedsAFreshCodeAndAReasonThenWritesCarryBothIdentities() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        let form = try f.get("/impersonation/elevate", as: f.support)
        #expect(form.status == 200 && form.text.contains("Switch to write mode"))
        let wrong = try f.post("/impersonation/elevate", [("code", "000000"), ("reason", "x")], as: f.support)
        #expect(wrong.status == 401 && wrong.text.contains("That code is not right"))
        let noReason = try f.post("/impersonation/elevate", [("code", f.code(f.support)), ("reason", "")], as: f.support)
        #expect(noReason.status == 422)
        let token = try f.token(f.support)
        let elevated = try f.elevate(f.support)
        #expect(elevated.status == 303)
        #expect(try f.token(f.support) != token)
        #expect(try f.audit("impersonation.elevated").first?.note == "The ticket needs a fix")
        let home = try f.get("/app", as: f.support)
        #expect(home.text.contains(#"<span class="mode write">write</span>"#))
        let added = try f.post("/app/clients", [("name", "Added by support")], as: f.support)
        #expect(added.status == 303)
        let entry = try #require(try f.audit("client.created").first)
        #expect(entry.actorUserID == f.adminA.id && entry.impersonatorUserID == f.support.id)
    }

    @Test func someRoutesAreRefusedEvenInWriteMode() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        try f.elevate(f.support)
        let before = try (f.count("api_keys"), f.count("users"))
        let key = try f.post("/app/settings/api-keys", [("name", "Backdoor"), ("scopes", "clients:write")], as: f.support)
        #expect(key.status == 403 && key.text.contains("never allowed while impersonating"))
        let password = try f.post(
            "/account", [("current_password", "x"), ("new_password", "y"), ("confirm_password", "y")], as: f.support)
        #expect(password.status == 403)
        #expect(try f.get("/account/2fa", as: f.support).status == 403)
        let second = try f.post(
            "/owner/tenants/\(f.tenantB.id)/impersonate", [("user_id", String(f.adminB.id)), ("reason", "r"), ("ticket", "t")],
            as: f.support)
        #expect(second.status == 403)
        #expect(try (f.count("api_keys"), f.count("users")) == before)
    }

    @Test func stoppingEndsItNotifiesTheUserAndReturnsToTheTenantPage() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        f.clock.advance(by: 300)
        let token = try f.token(f.support)
        let stopped = try f.post("/impersonation/stop", as: f.support)
        #expect(stopped.status == 303 && stopped.location == "/owner/tenants/\(f.tenantA.id)")
        #expect(try f.token(f.support) != token)
        let row = try #require(try f.latestImpersonationOfStudioA())
        #expect(row.endReason == .stopped && row.duration(at: f.clock.seconds) == 300)
        #expect(try f.get("/app", as: f.support).status == 403)
        let inbox = try f.get("/app/notifications", as: f.adminA)
        #expect(inbox.text.contains("Support viewed your account") && inbox.text.contains("SUP-100"))
        let again = try f.post("/impersonation/stop", as: f.support)
        #expect(again.status == 303 && again.location == "/")
    }

    @Test func stopWorksWhateverStateTheSessionIsForcedThrough() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        // A password reset elsewhere confines the session to the password form; stopping still works.
        try f.portal.users.setPassword(
            userID: f.support.id, newPassword: "another long passphrase", mustChange: true,
            hasher: f.portal.auth.configuration.hasher, by: TenantFixture.system)
        #expect(try f.get("/app", as: f.support).location == "/account")
        let stopped = try f.post("/impersonation/stop", as: f.support)
        #expect(stopped.status == 303 && stopped.location == "/owner/tenants/\(f.tenantA.id)")
        #expect(try f.portal.impersonations.running(tenant: f.tenantA.id, by: TenantFixture.actor(f.ownerAdmin)).isEmpty)
    }

    @Test func expiryEndsItAtTheNextRequest() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support, minutes: 5)
        f.clock.advance(by: 5 * 60 + 1)
        let next = try f.get("/app/clients", as: f.support)
        #expect(next.status == 303 && next.location == "/owner/tenants/\(f.tenantA.id)")
        #expect(next.cookie(SessionCookie.name) != nil)
        let row = try #require(try f.latestImpersonationOfStudioA())
        #expect(row.endReason == .expired)
        #expect(try f.audit("impersonation.expired").count == 1)
    }

    @Test func everyRequestIsAuditedWithBothIdentitiesAndNoParameters() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        _ = try f.get("/app/clients?q=secret-search", as: f.support)
        _ = try f.post("/app/clients", [("name", "Refused")], as: f.support)
        let entries = try f.audit("impersonation.request")
        #expect(entries.count == 2)
        let get = try #require(entries.last)
        #expect(get.facts["method"] == "GET" && get.facts["route"] == "/app/clients" && get.facts["status"] == "200")
        #expect(get.actorUserID == f.adminA.id && get.impersonatorUserID == f.support.id)
        #expect(entries.first?.facts["status"] == "403")
        #expect(!entries.contains { $0.facts.values.contains { $0.contains("secret") } })
        #expect(try f.latestImpersonationOfStudioA()?.requests == 2)
    }

    @Test func ownerAdminsSeeAndEndRunningImpersonations() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        let id = try #require(
            try f.portal.impersonations.running(tenant: f.tenantA.id, by: TenantFixture.actor(f.ownerAdmin)).first?.id)
        let panel = try f.get("/owner/tenants/\(f.tenantA.id)/impersonate", as: f.ownerAdmin)
        #expect(panel.status == 200 && panel.text.contains("Running now") && panel.text.contains("Sam Support"))
        #expect(panel.text.contains("/owner/tenants/\(f.tenantA.id)/impersonations/\(id)/end"))
        #expect(panel.text.contains("Admin Alpha (Tenant admin, admin@alpha.example)"))
        // The studio's owner page carries the same panel, and its provider-access history lists it.
        let tenantPage = try f.get("/owner/tenants/\(f.tenantA.id)", as: f.ownerAdmin)
        #expect(tenantPage.status == 200 && tenantPage.text.contains("Running now"))
        #expect(tenantPage.text.contains("/owner/tenants/\(f.tenantA.id)/impersonations/\(id)/end"))
        #expect(tenantPage.text.contains("SUP-100") && !tenantPage.text.contains("No one from the platform has accessed"))
        #expect(tenantPage.text.contains("Sam Support"))
        let wrongTenant = try f.post("/owner/tenants/\(f.tenantB.id)/impersonations/\(id)/end", as: f.ownerAdmin)
        #expect(wrongTenant.status == 404)
        let ended = try f.post("/owner/tenants/\(f.tenantA.id)/impersonations/\(id)/end", as: f.ownerAdmin)
        #expect(ended.status == 303)
        #expect(try f.get("/app", as: f.support).status == 403)
        #expect(try f.audit("impersonation.ended").first?.actorUserID == f.ownerAdmin.id)
    }

    @Test func signingOutStopsIt() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        #expect(try f.post("/logout", as: f.support).status == 303)
        let row = try #require(try f.latestImpersonationOfStudioA())
        #expect(row.endReason == .stopped)
    }

    @Test func signingOutAfterItRanOutStillSignsOut() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support, minutes: 5)
        f.clock.advance(by: 5 * 60 + 1)
        let out = try f.post("/logout", as: f.support)
        #expect(out.status == 303 && out.location == "/login")
        #expect(try f.get("/owner", as: f.support).location?.hasPrefix("/login") == true)
        let row = try #require(try f.latestImpersonationOfStudioA())
        #expect(row.endReason == .expired)
    }

    @Test func theSwitchOffEndsRunningOnesAtStartAndRefusesNewOnes() throws {
        let f = try TenantFixture()
        try f.impersonate(f.adminA, by: f.support)
        var configuration = f.test.application.web.configuration
        configuration.impersonationEnabled = false
        let off = try PortalApplication.make(
            configuration, portal: f.portal, accessLog: nil, status: ServerStatus(startedAt: 0),
            clock: { [clock = f.clock] in clock.seconds })
        #expect(try f.portal.impersonations.running(tenant: f.tenantA.id, by: TenantFixture.actor(f.ownerAdmin)).isEmpty)
        #expect(try f.audit("impersonation.disabled").count == 1)
        #expect(!off.web.configuration.impersonationEnabled)
    }
}

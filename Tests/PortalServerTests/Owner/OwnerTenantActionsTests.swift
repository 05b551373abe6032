import Foundation
import PortalDomain
import Testing

@testable import PortalServer

/// The tenant actions: each confirmed action changes the tenant and writes its audit entry; each refusal
/// (wrong typed name, missing reason, a role that may not) writes nothing.
@Suite struct OwnerTenantActionsTests {
    @Test func suspendNeedsTheTypedNameAndAReasonThenIsAudited() throws {
        let f = try OwnerFixture()
        let path = "/owner/tenants/\(f.tenant.id)/suspend"
        let page = try f.get(path, as: .billingOps)
        #expect(page.text.contains("Suspend Bodyforge Berlin"))
        #expect(page.text.contains("<strong>3 clients</strong>: kept"))
        #expect(page.text.contains(#"name="confirm_name""#) && page.text.contains(#"name="reason""#))
        let before = try f.auditCount()

        let wrongName = try f.post(path, [("reason", "Unpaid invoices"), ("confirm_name", "bodyforge berlin")], as: .billingOps)
        #expect(wrongName.status == 422)
        #expect(wrongName.text.contains("Type the tenant&#39;s name exactly as shown: Bodyforge Berlin"))
        #expect(wrongName.text.contains("Unpaid invoices"))  // the reason is kept
        let noReason = try f.post(path, [("reason", "  "), ("confirm_name", "Bodyforge Berlin")], as: .billingOps)
        #expect(noReason.status == 422)
        #expect(noReason.text.contains("Reason is required."))
        #expect(try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly)).status == .active)
        #expect(try f.auditCount() == before)

        let done = try f.post(path, [("reason", "Unpaid invoices"), ("confirm_name", "Bodyforge Berlin")], as: .billingOps)
        #expect(done.status == 303)
        #expect(done.location == "/owner/tenants/\(f.tenant.id)")
        #expect(f.flash(done) == "Bodyforge Berlin is suspended.")
        let tenant = try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly))
        #expect(tenant.status == .suspended && tenant.statusReason == "Unpaid invoices")
        let entry = try #require(try f.lastAudit("tenant.suspended"))
        #expect(entry.tenantID == f.tenant.id && entry.actorUserID == f.staff[.billingOps]?.userID)
        #expect(entry.note == "Unpaid invoices")
        #expect(entry.changes.contains(.value("status", "active", "suspended")))
        // The detail page now offers reactivation and shows the reason.
        let detail = try f.get("/owner/tenants/\(f.tenant.id)", as: .billingOps).text
        #expect(detail.contains("/owner/tenants/\(f.tenant.id)/reactivate"))
        #expect(detail.contains("Unpaid invoices"))
    }

    @Test func rolesThatMayNotActAreRefusedAndNothingIsWritten() throws {
        let f = try OwnerFixture()
        let before = try f.auditCount()
        let attempts: [(String, Role)] = [
            ("suspend", .readOnly), ("suspend", .support), ("block", .billingOps), ("anonymize", .support),
            ("reset-demo-data", .billingOps), ("reset-demo-data", .readOnly),
        ]
        for (action, role) in attempts {
            let response = try f.post(
                "/owner/tenants/\(f.tenant.id)/\(action)", [("reason", "Because"), ("confirm_name", "Bodyforge Berlin")], as: role
            )
            #expect(response.status == 403, "\(action) as \(role): \(response.status)")
        }
        #expect(try f.auditCount() == before)
        let tenant = try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly))
        #expect(tenant.status == .active && tenant.anonymizedAt == nil)
        #expect(try f.portal.tenants.impact(f.tenant.id, by: f.actor(.readOnly)).clients == 3)
    }

    @Test func blockThenReactivateRestoresTheStatus() throws {
        let f = try OwnerFixture()
        let block = try f.post(
            "/owner/tenants/\(f.other.id)/block", [("reason", "Fraud check"), ("confirm_name", "Pulse Hamburg")])
        #expect(block.status == 303)
        var tenant = try f.portal.tenants.get(f.other.id, by: f.actor(.readOnly))
        #expect(tenant.status == .blocked && tenant.blockKind == .manual)
        #expect(try f.lastAudit("tenant.blocked")?.note == "Fraud check")
        // Blocked: no impersonation offered, and suspending is unavailable.
        let detail = try f.get("/owner/tenants/\(f.other.id)").text
        #expect(detail.contains("nobody may impersonate its users"))
        #expect(try f.get("/owner/tenants/\(f.other.id)/suspend").text.contains("is blocked; lift the block first"))
        // Billing ops may not lift an owner's block (the domain refuses): nothing changes.
        let refused = try f.post("/owner/tenants/\(f.other.id)/reactivate", [("reason", "Paid")], as: .billingOps)
        #expect(refused.status == 403)
        let missing = try f.post("/owner/tenants/\(f.other.id)/reactivate", [("reason", "")])
        #expect(missing.status == 422 && missing.text.contains("Reason is required."))
        let done = try f.post("/owner/tenants/\(f.other.id)/reactivate", [("reason", "Cleared")])
        #expect(done.status == 303)
        #expect(f.flash(done) == "Pulse Hamburg is reactivated (active).")
        tenant = try f.portal.tenants.get(f.other.id, by: f.actor(.readOnly))
        #expect(tenant.status == .active)
        let entry = try #require(try f.lastAudit("tenant.reactivated"))
        #expect(entry.note == "Cleared" && entry.changes.contains(.value("status", "blocked", "active")))
    }

    @Test func resetDemoDataStatesItsImpactAndDeletesPeopleAndSessions() throws {
        let f = try OwnerFixture()
        let path = "/owner/tenants/\(f.tenant.id)/reset-demo-data"
        let page = try f.get(path, as: .support).text
        #expect(page.contains("<strong>2 sessions</strong>: deleted"))
        #expect(page.contains("<strong>3 clients</strong>: deleted"))
        #expect(page.contains("<strong>1 coach</strong>: deleted"))
        #expect(page.contains("<strong>4 client and coach logins</strong>: deleted"))
        let refused = try f.post(path, [("confirm_name", "Bodyforge")], as: .support)
        #expect(refused.status == 422)
        #expect(try f.portal.tenants.impact(f.tenant.id, by: f.actor(.readOnly)).clients == 3)
        let done = try f.post(path, [("confirm_name", "Bodyforge Berlin")], as: .support)
        #expect(done.status == 303)
        #expect(f.flash(done) == "Demo data of Bodyforge Berlin deleted: 2 sessions, 3 clients, 1 coaches.")
        let impact = try f.portal.tenants.impact(f.tenant.id, by: f.actor(.readOnly))
        #expect(impact.clients == 0 && impact.coaches == 0 && impact.sessions == 0 && impact.users == 1)
        let entry = try #require(try f.lastAudit("tenant.demo_data_reset"))
        #expect(entry.actorUserID == f.staff[.support]?.userID && entry.facts["clients"] == "3")
    }

    @Test func anonymizeIsConfirmedByNameAndOnlyOnce() throws {
        let f = try OwnerFixture()
        let path = "/owner/tenants/\(f.tenant.id)/anonymize"
        let page = try f.get(path).text
        #expect(page.contains("This cannot be undone."))
        #expect(page.contains("<strong>5 user accounts</strong>: e-mail and name replaced, sign-in disabled"))
        let before = try f.auditCount()
        let refused = try f.post(path, [("confirm_name", "Bodyforge  Berlin")])
        #expect(refused.status == 422)
        #expect(try f.auditCount() == before)
        #expect(try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly)).contactEmail == "contact@bodyforgeberlin.example")
        let done = try f.post(path, [("confirm_name", "Bodyforge Berlin")])
        #expect(done.status == 303)
        let tenant = try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly))
        #expect(tenant.anonymizedAt != nil && tenant.contactEmail == "tenant-\(f.tenant.id)@anonymized.invalid")
        let entry = try #require(try f.lastAudit("tenant.anonymized"))
        #expect(entry.actorUserID == f.staff[.ownerAdmin]?.userID && entry.facts["clients"] == "3")
        #expect(try f.get(path).text.contains("was already anonymized"))
        #expect(try f.post(path, [("confirm_name", "Bodyforge Berlin")]).status == 409)
    }

    @Test func featureOverridesAreSetWithNoteAndLastDayAndAudited() throws {
        let f = try OwnerFixture()
        let path = "/owner/tenants/\(f.tenant.id)/features"
        let done = try f.post(
            path,
            [("feature", "marketing_automation"), ("state", "on"), ("note", "Beta programme"), ("expires", "2027-01-31")],
            as: .billingOps)
        #expect(done.status == 303)
        #expect(done.location == "/owner/tenants/\(f.tenant.id)#features")
        #expect(f.flash(done) == "Marketing automation is forced on until 31 Jan 2027.")
        let override = try #require(try f.portal.features.overrides(tenant: f.tenant.id, by: f.actor(.readOnly)).first)
        #expect(override.featureKey == "marketing_automation" && override.enabled && override.note == "Beta programme")
        // The last day ends at midnight Berlin time (UTC+1 in winter).
        #expect(override.expiresAt == 1_801_436_400)
        let entry = try #require(try f.lastAudit("feature_override.set"))
        #expect(entry.facts["feature"] == "marketing_automation" && entry.note == "Beta programme")
        let detail = try f.get("/owner/tenants/\(f.tenant.id)").text
        #expect(detail.contains("Forced on until"))
        #expect(detail.contains(#"value="2027-01-31""#))

        let before = try f.auditCount()
        let past = try f.post(path, [("feature", "reports"), ("state", "on"), ("expires", "2020-01-01")], as: .billingOps)
        #expect(past.status == 422)
        #expect(past.text.contains("Expiry must be in the future"))
        let malformed = try f.post(path, [("feature", "reports"), ("state", "on"), ("expires", "31.01.2027")])
        #expect(malformed.status == 422 && malformed.text.contains("Use a date like 2026-12-31."))
        #expect(try f.post(path, [("feature", "reports"), ("state", "on")], as: .readOnly).status == 403)
        #expect(try f.post(path, [("feature", "reports"), ("state", "sideways")]).status == 422)
        #expect(try f.post(path, [("feature", "no_such_feature"), ("state", "on")]).status == 404)
        #expect(try f.auditCount() == before)

        let cleared = try f.post(path, [("feature", "marketing_automation"), ("state", "default")])
        #expect(cleared.status == 303)
        #expect(try f.portal.features.overrides(tenant: f.tenant.id, by: f.actor(.readOnly)).isEmpty)
        #expect(try f.lastAudit("feature_override.cleared") != nil)
    }
}

/// Dangerous owner actions ask for a fresh second factor; the access layer refuses other roles before any
/// handler runs.
@Suite struct OwnerStepUpAndAccessTests {
    @Test func aStaleSecondFactorIsAskedForAgainBeforeSuspending() throws {
        let f = try OwnerFixture()
        let billing = try #require(f.staff[.billingOps])
        let stale = try OwnerFixture.signIn(f.portal, userID: billing.userID, secondFactorAt: f.test.clock.seconds - 3_600)
        let path = "/owner/tenants/\(f.tenant.id)/suspend"
        let fields = [("reason", "Unpaid invoices"), ("confirm_name", "Bodyforge Berlin")]
        let asked = try f.post(path, fields, session: stale)
        #expect(asked.status == 200)
        #expect(asked.text.contains("Confirm it&#39;s you"))
        #expect(asked.text.contains(#"name="confirm_name" value="Bodyforge Berlin""#))
        #expect(try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly)).status == .active)
        let code = f.test.code(try #require(f.secrets[.billingOps]))
        let done = try f.post(path, fields + [("_stepup_code", code)], session: stale)
        #expect(done.status == 303)
        #expect(try f.portal.tenants.get(f.tenant.id, by: f.actor(.readOnly)).status == .suspended)
        #expect(try f.lastAudit("auth.step_up")?.actorUserID == billing.userID)
        #expect(try f.lastAudit("tenant.suspended")?.actorUserID == billing.userID)
        // Reactivating is not dangerous: no step-up.
        let back = try f.post("/owner/tenants/\(f.tenant.id)/reactivate", [("reason", "Paid")], session: stale)
        #expect(back.status == 303)
    }

    @Test func theAccessLayerRefusesRolesOutsideEachRoute() throws {
        let f = try OwnerFixture()
        let before = try f.auditCount()
        let refusals: [(String, Role)] = [
            ("/owner/plans/new", .support), ("/owner/plans/\(f.pro.id)/edit", .readOnly),
            ("/owner/broadcasts/new", .billingOps), ("/owner/tenants/\(f.tenant.id)/anonymize", .billingOps),
            ("/owner/tenants/\(f.tenant.id)/block", .support),
        ]
        for (path, role) in refusals {
            let response = try f.get(path, as: role)
            #expect(response.status == 403, "\(path) as \(role)")
            #expect(response.text.contains(AccessMiddleware.refusal(role)))
        }
        let posted = try f.post("/owner/audit/verify", [], as: .billingOps)
        #expect(posted.status == 403)
        #expect(try f.auditCount() == before)
        #expect(try f.test.get("/owner/tenants").location == "/login?next=%2Fowner%2Ftenants")
    }
}

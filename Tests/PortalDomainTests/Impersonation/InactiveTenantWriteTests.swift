import Testing

@testable import PortalDomain

/// Issue 7 §3: a suspended or manually blocked tenant's own users cannot change its data, but owner
/// staff still can, by impersonating one of its admins.
@Suite struct InactiveTenantWriteTests {
    @Test func usersOfAnInactiveTenantAreRefusedButImpersonatingStaffMayWrite() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        _ = try f.portal.tenants.suspend(tenant.id, reason: "unpaid invoices", by: f.owner)
        let before = try f.count("clients")
        #expect(throws: DomainError.tenantInactive(.suspended)) {
            _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "Refused"), by: admin)
        }
        #expect(try f.count("clients") == before)
        let impersonated = ActingUser(
            userID: try #require(admin.userID), role: .tenantAdmin, tenantID: tenant.id,
            impersonatorUserID: f.support.userID, requestID: "r", ip: "192.0.2.1")
        let person = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "Added by support"), by: impersonated)
        #expect(person.tenantID == tenant.id)
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "client.created" && entry.impersonatorUserID == f.support.userID)

        _ = try f.portal.tenants.reactivate(tenant.id, reason: "paid", by: f.owner)
        _ = try f.portal.tenants.block(tenant.id, reason: "abuse", by: f.owner)
        #expect(throws: DomainError.tenantInactive(.blocked)) {
            _ = try f.portal.clients.update(person.id, tenant: tenant.id, PersonDraft(name: "Renamed"), by: admin)
        }
        #expect(
            try f.portal.clients.update(person.id, tenant: tenant.id, PersonDraft(name: "Renamed"), by: impersonated).name
                == "Renamed")
    }
}

/// GDPR anonymize also scrubs the free text issue 7 stores: provider-access reasons and API key names.
@Suite struct AnonymizeTenantDataTests {
    @Test func reasonsAndKeyNamesAreScrubbedAndKeysStopWorking() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let key = try f.portal.apiKeys.create(tenant: tenant.id, name: "Anna's phone", scopes: [.usageRead], by: admin)
        let impersonation = try f.portal.impersonations.start(
            ImpersonationStart(
                targetUserID: try #require(admin.userID), tenantID: tenant.id, reason: "Anna Schmidt called about her bill",
                ticket: "SUP-5", minutes: 5, sessionID: nil), by: f.support)
        _ = try f.portal.impersonations.stop(impersonation.id, by: f.support)
        _ = try f.portal.tenants.anonymize(tenant.id, by: f.owner)
        let log = try f.portal.impersonations.log(tenant: tenant.id, by: f.owner)
        #expect(log.items.first?.reason == "[anonymized]" && log.items.first?.ticket == "SUP-5")
        #expect(try f.portal.apiKeys.authenticate(key.secret) == nil)
        let name = try f.portal.database.read { db in try db.string("SELECT name FROM api_keys WHERE id = ?", [key.key.id]) }
        #expect(name == "[anonymized]")
    }
}

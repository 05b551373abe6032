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

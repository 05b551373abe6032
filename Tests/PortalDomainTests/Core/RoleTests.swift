import Testing

@testable import PortalDomain

@Suite struct RoleTests {
    @Test func ownerAdminHoldsEveryOwnerCapabilityAndTenantRolesNone() {
        #expect(Role.ownerAdmin.capabilities == Set(Capability.allCases.filter(\.isOwnerSide)))
        for role in Role.allCases where role.isTenantRole {
            #expect(role.capabilities.allSatisfy { !$0.isOwnerSide })
        }
        for role in Role.allCases where role.isOwnerStaff {
            #expect(role.capabilities.allSatisfy { $0.isOwnerSide })
            #expect(role.can(.readPlatform) && role.can(.readAudit))
        }
    }

    @Test func readOnlyOnlyReads() {
        #expect(Role.readOnly.capabilities == [.readPlatform, .readAudit])
        #expect(!Role.coach.can(.manageOwnTenant) && Role.tenantAdmin.can(.manageOwnTenant))
        #expect(Role.support.can(.impersonate) && !Role.billingOps.can(.impersonate))
        #expect(Role.billingOps.can(.decideUpgrades) && !Role.support.can(.decideUpgrades))
    }

    @Test func actorsCarryTheirTenantAndAuditRole() throws {
        let system = ActingUser.system("job:x")
        #expect(system.isSystem && system.auditRole == "system" && system.userID == nil)
        let admin = ActingUser(userID: 5, role: .tenantAdmin, tenantID: 9)
        #expect(admin.isTenantSide && admin.auditRole == "tenant_admin")
        #expect(throws: DomainError.notFound("tenant 10")) { try admin.requireRead(tenant: 10) }
        try admin.requireRead(tenant: 9)
        #expect(throws: DomainError.self) { try admin.require(.readPlatform) }
    }
}

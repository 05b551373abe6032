import Testing

@testable import PortalDomain

@Suite struct APIKeyServiceTests {
    @Test func aKeyIsStoredOnlyAsItsHMACAndAuthenticatesAsItsCreator() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let created = try f.portal.apiKeys.create(
            tenant: tenant.id, name: "Website widget", scopes: [.clientsRead, .usageRead], by: admin)
        #expect(created.secret.hasPrefix("opk_") && created.secret.count == 47)
        #expect(created.key.hint == String(created.secret.prefix(10)) + "…")
        #expect(created.key.scopes == [.clientsRead, .usageRead])
        let stored = try f.portal.database.read { db in try db.string("SELECT key_hash FROM api_keys") }
        #expect(stored != nil && stored?.contains(created.secret.dropFirst(4)) == false)
        #expect(stored == f.portal.apiKeys.hash(created.secret))

        let grant = try #require(try f.portal.apiKeys.authenticate(created.secret))
        #expect(grant.key.id == created.key.id && grant.tenant.id == tenant.id)
        #expect(grant.allows(.clientsRead) && !grant.allows(.clientsWrite))
        let actor = grant.actor(requestID: "r", ip: "192.0.2.4")
        #expect(actor.userID == admin.userID && actor.role == .tenantAdmin && actor.tenantID == tenant.id)
        #expect(try f.portal.apiKeys.get(created.key.id, tenant: tenant.id, by: admin).lastUsedAt == f.clock.seconds)

        let entry = try #require(try f.lastAudit())
        #expect(
            entry.action == "api_key.created" && entry.note == "Website widget"
                && entry.facts["scopes"] == "clients:read,usage:read")
    }

    @Test func malformedUnknownRevokedAndOrphanedKeysAreRefused() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let created = try f.portal.apiKeys.create(tenant: tenant.id, name: "CRM", scopes: [.clientsRead], by: admin)
        #expect(try f.portal.apiKeys.authenticate("") == nil)
        #expect(try f.portal.apiKeys.authenticate("opk_short") == nil)
        // One character changed (to one it is not already, or the "tampered" key would be the real one).
        let tampered = String(created.secret.dropLast()) + (created.secret.last == "A" ? "B" : "A")
        #expect(tampered != created.secret)
        #expect(try f.portal.apiKeys.authenticate(tampered) == nil)
        #expect(try f.portal.apiKeys.authenticate("Bearer " + created.secret) == nil)
        let revoked = try f.portal.apiKeys.revoke(created.key.id, tenant: tenant.id, by: admin)
        #expect(!revoked.isActive)
        #expect(try f.portal.apiKeys.authenticate(created.secret) == nil)
        #expect(try f.lastAudit()?.action == "api_key.revoked")

        let second = try f.portal.apiKeys.create(tenant: tenant.id, name: "CRM 2", scopes: [.clientsRead], by: admin)
        try f.portal.users.setStatus(userID: try #require(admin.userID), .disabled, reason: "left", by: f.owner)
        #expect(try f.portal.apiKeys.authenticate(second.secret) == nil)
    }

    @Test func onlyTheStudiosOwnAdminManagesKeysAndNeverWhileImpersonating() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let (other, otherAdmin) = try f.tenant("Other Studio")
        let before = try f.count("api_keys")
        #expect(throws: DomainError.notFound("tenant \(tenant.id)")) {
            _ = try f.portal.apiKeys.create(tenant: tenant.id, name: "X", scopes: [.usageRead], by: otherAdmin)
        }
        let impersonated = ActingUser(
            userID: try #require(admin.userID), role: .tenantAdmin, tenantID: tenant.id, impersonatorUserID: f.support.userID)
        #expect(throws: DomainError.notPermitted("API keys cannot be managed while impersonating")) {
            _ = try f.portal.apiKeys.create(tenant: tenant.id, name: "X", scopes: [.usageRead], by: impersonated)
        }
        #expect(throws: DomainError.self) {
            _ = try f.portal.apiKeys.create(tenant: tenant.id, name: "X", scopes: [.usageRead], by: f.owner)
        }
        #expect(throws: DomainError.invalid(["name": "Name is required", "scopes": "Choose at least one permission"])) {
            _ = try f.portal.apiKeys.create(tenant: tenant.id, name: " ", scopes: [], by: admin)
        }
        #expect(try f.count("api_keys") == before)
        let key = try f.portal.apiKeys.create(tenant: other.id, name: "Theirs", scopes: [.usageRead], by: otherAdmin)
        #expect(throws: DomainError.notFound("API key \(key.key.id)")) {
            _ = try f.portal.apiKeys.revoke(key.key.id, tenant: tenant.id, by: admin)
        }
        #expect(try f.portal.apiKeys.list(tenant: tenant.id, by: admin).isEmpty)
    }

    @Test func aStudioHoldsAtMostTwentyWorkingKeys() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        for index in 0..<APIKeyService.maximumActiveKeys {
            _ = try f.portal.apiKeys.create(tenant: tenant.id, name: "Key \(index)", scopes: [.usageRead], by: admin)
        }
        #expect(throws: DomainError.self) {
            _ = try f.portal.apiKeys.create(tenant: tenant.id, name: "One too many", scopes: [.usageRead], by: admin)
        }
        let first = try #require(try f.portal.apiKeys.list(tenant: tenant.id, by: admin).last)
        _ = try f.portal.apiKeys.revoke(first.id, tenant: tenant.id, by: admin)
        _ = try f.portal.apiKeys.create(tenant: tenant.id, name: "Replacement", scopes: [.usageRead], by: admin)
    }
}

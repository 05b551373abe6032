import PortalDomain
import Testing

@testable import PortalServer

@Suite struct APIKeyPagesTests {
    @Test func creatingShowsTheSecretOnceAndListsOnlyItsHint() throws {
        let f = try TenantFixture()
        let empty = try f.get("/app/settings/api-keys", as: f.adminA)
        #expect(empty.status == 200 && empty.text.contains("No API keys yet"))
        let created = try f.post(
            "/app/settings/api-keys", [("name", "Website"), ("scopes", "clients:read"), ("scopes", "usage:read")], as: f.adminA)
        #expect(created.status == 200)
        #expect(created.header("Cache-Control") == "no-store")
        let secret = try #require(created.text.firstMatch(of: /<code id="new-secret">(opk_[A-Za-z0-9_-]{43})<\/code>/)?.output.1)
        let grant = try #require(try f.portal.apiKeys.authenticate(String(secret)))
        #expect(grant.key.scopes == [.clientsRead, .usageRead])
        #expect(try f.audit("api_key.created").first?.targetID == grant.key.id)
        let list = try f.get("/app/settings/api-keys", as: f.adminA)
        #expect(!list.text.contains(String(secret)) && list.text.contains(grant.key.hint))
        #expect(list.text.contains("clients:read") && !list.text.contains("Never"))
    }

    @Test func invalidFormsAre422AndWriteNothing() throws {
        let f = try TenantFixture()
        let before = try f.snapshot()
        let keys = try f.count("api_keys")
        let noScopes = try f.post("/app/settings/api-keys", [("name", "Website")], as: f.adminA)
        #expect(noScopes.status == 422 && noScopes.text.contains("Choose at least one permission"))
        #expect(noScopes.text.contains(#"value="Website""#))
        let badScope = try f.post("/app/settings/api-keys", [("name", "X"), ("scopes", "admin:all")], as: f.adminA)
        #expect(badScope.status == 422)
        #expect(try f.snapshot() == before && (try f.count("api_keys")) == keys)
    }

    @Test func revokingGoesThroughAConfirmation() throws {
        let f = try TenantFixture()
        let created = try f.portal.apiKeys.create(
            tenant: f.tenantA.id, name: "CRM", scopes: [.clientsRead], by: TenantFixture.actor(f.adminA))
        let confirm = try f.get("/app/settings/api-keys/\(created.key.id)/revoke", as: f.adminA)
        #expect(confirm.status == 200 && confirm.text.contains("Revoke “CRM”?"))
        #expect(try f.get("/app/settings/api-keys/\(created.key.id)/revoke", as: f.adminB).status == 404)
        #expect(try f.post("/app/settings/api-keys/\(created.key.id)/revoke", as: f.adminB).status == 404)
        #expect(try f.portal.apiKeys.authenticate(created.secret) != nil)
        #expect(try f.post("/app/settings/api-keys/\(created.key.id)/revoke", as: f.adminA).status == 303)
        #expect(try f.portal.apiKeys.authenticate(created.secret) == nil)
        #expect(try f.audit("api_key.revoked").first?.targetID == created.key.id)
    }

    @Test func keysCannotBeCreatedOrRevokedWhileImpersonating() throws {
        let f = try TenantFixture()
        let existing = try f.portal.apiKeys.create(
            tenant: f.tenantA.id, name: "CRM", scopes: [.clientsRead], by: TenantFixture.actor(f.adminA))
        try f.impersonate(f.adminA, by: f.support)
        try f.elevate(f.support)
        let keys = try f.count("api_keys")
        let response = try f.post("/app/settings/api-keys", [("name", "Backdoor"), ("scopes", "clients:write")], as: f.support)
        #expect(response.status == 403)
        #expect(try f.post("/app/settings/api-keys/\(existing.key.id)/revoke", as: f.support).status == 403)
        #expect(try f.count("api_keys") == keys)
        #expect(try f.portal.apiKeys.authenticate(existing.secret) != nil)
        let page = try f.get("/app/settings/api-keys", as: f.support)
        #expect(page.status == 200 && page.text.contains("cannot be created or revoked while impersonating"))
        #expect(RoutePolicyTable.rule(.post, "/app/settings/api-keys")?.refusedWhileImpersonating == true)
    }
}

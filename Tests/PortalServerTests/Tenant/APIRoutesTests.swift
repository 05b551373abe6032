import Foundation
import PortalDomain
import Testing

@testable import PortalServer

@Suite struct APIRoutesTests {
    /// A key of studio A's admin with `scopes`.
    private func key(_ f: TenantFixture, _ scopes: Set<APIScope> = Set(APIScope.allCases), admin: User? = nil) throws -> String {
        let owner = admin ?? f.adminA
        return try f.portal.apiKeys.create(
            tenant: try #require(owner.tenantID), name: "Test", scopes: scopes, by: TenantFixture.actor(owner)
        ).secret
    }

    /// GET `target` with `key` as a bearer token; returns the status and the decoded envelope.
    private func get(_ f: TenantFixture, _ target: String, key: String?) throws -> (PageResponse, [String: Any]) {
        let headers = key.map { [("Authorization", "Bearer \($0)")] } ?? []
        let response = try f.test.get(target, headers: headers)
        return (response, try envelope(response))
    }

    /// POST `body` with `contentType`.
    private func post(
        _ f: TenantFixture, _ target: String, key: String, body: String, contentType: String = "application/json"
    ) throws -> (PageResponse, [String: Any]) {
        let text =
            "POST \(target) HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer \(key)\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let response = f.test.send(try HTTPRequest.mock(text))
        return (response, try envelope(response))
    }

    private func envelope(_ response: PageResponse) throws -> [String: Any] {
        #expect(response.header("Content-Type") == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(json["server_time"] is String && json["request_id"] is String)
        #expect(json.keys.contains("data") && json.keys.contains("error"))
        return json
    }

    private func code(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["code"] as? String }
    private func data(_ json: [String: Any]) -> [String: Any] { json["data"] as? [String: Any] ?? [:] }

    @Test func withoutAWorkingKeyEveryRouteIs401() throws {
        let f = try TenantFixture()
        let revoked = try f.portal.apiKeys.create(
            tenant: f.tenantA.id, name: "Old", scopes: [.usageRead], by: TenantFixture.actor(f.adminA))
        _ = try f.portal.apiKeys.revoke(revoked.key.id, tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA))
        for target in ["/api/v1/clients", "/api/v1/usage", "/api/v1/notifications"] {
            let (missing, json) = try get(f, target, key: nil)
            #expect(missing.status == 401 && code(json) == "E_AUTH", "\(target)")
            #expect(missing.header("WWW-Authenticate") == #"Bearer realm="portal-api""#)
            let (bad, badJSON) = try get(f, target, key: "opk_" + String(repeating: "A", count: 43))
            #expect(bad.status == 401 && code(badJSON) == "E_AUTH")
            #expect(bad.header("WWW-Authenticate")?.contains("invalid_token") == true)
            #expect(try get(f, target, key: revoked.secret).0.status == 401)
        }
        let basic = try f.test.get("/api/v1/usage", headers: [("Authorization", "Basic YTpi")])
        #expect(basic.status == 401)
        let before = try f.snapshot()
        #expect(try post(f, "/api/v1/clients", key: "nope", body: #"{"name":"X"}"#).0.status == 401)
        #expect(try f.snapshot() == before)
    }

    @Test func clientsAreListedWithPagesAndFilters() throws {
        let f = try TenantFixture()
        let admin = TenantFixture.actor(f.adminA)
        _ = try f.portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "Anna Able", email: "anna@mail.example"), by: admin)
        let inactive = try f.portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "Ina Idle"), by: admin)
        _ = try f.portal.clients.setStatus(inactive.id, tenant: f.tenantA.id, .inactive, by: admin)
        let secret = try key(f, [.clientsRead])
        let (all, json) = try get(f, "/api/v1/clients", key: secret)
        #expect(all.status == 200 && json["error"] is NSNull)
        #expect(data(json)["total"] as? Int == 3 && data(json)["per_page"] as? Int == 25)
        let names = (data(json)["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["Anna Able", "Carl Client", "Ina Idle"])
        let first = try #require((data(json)["items"] as? [[String: Any]])?.first)
        #expect(first["email"] as? String == "anna@mail.example" && first["phone"] is NSNull)
        #expect((first["created_at"] as? String)?.hasSuffix("Z") == true)

        let (_, paged) = try get(f, "/api/v1/clients?per_page=1&page=2", key: secret)
        #expect(data(paged)["page_count"] as? Int == 3)
        #expect(((data(paged)["items"] as? [[String: Any]])?.first?["name"] as? String) == "Carl Client")
        let (_, active) = try get(f, "/api/v1/clients?status=active&q=ANNA", key: secret)
        #expect(data(active)["total"] as? Int == 1)

        let (invalid, invalidJSON) = try get(f, "/api/v1/clients?per_page=101&status=gone", key: secret)
        #expect(invalid.status == 422 && code(invalidJSON) == "E_VALIDATION")
        let fields = (invalidJSON["error"] as? [String: Any])?["fields"] as? [String: String]
        #expect(fields?["per_page"] == "must be a whole number from 1 to 100" && fields?["status"] != nil)

        // Studio B's key sees only studio B.
        let (_, other) = try get(f, "/api/v1/clients", key: try key(f, [.clientsRead], admin: f.adminB))
        #expect(data(other)["total"] as? Int == 0)
    }

    @Test func aKeyWithoutTheScopeIs403() throws {
        let f = try TenantFixture()
        let secret = try key(f, [.usageRead])
        let (response, json) = try get(f, "/api/v1/clients", key: secret)
        #expect(response.status == 403 && code(json) == "E_PERMISSION")
        let before = try f.snapshot()
        #expect(try post(f, "/api/v1/clients", key: secret, body: #"{"name":"X"}"#).0.status == 403)
        #expect(try f.snapshot() == before)
        #expect(try get(f, "/api/v1/usage", key: secret).0.status == 200)
    }

    @Test func addingAClientIsAuditedAsTheKeysCreator() throws {
        let f = try TenantFixture()
        let secret = try key(f, [.clientsWrite])
        let (response, json) = try post(
            f, "/api/v1/clients", key: secret, body: #"{"name":"Api Added","email":"api@mail.example","phone":null}"#)
        #expect(response.status == 201)
        let id = try #require(data(json)["id"] as? Int)
        #expect(data(json)["name"] as? String == "Api Added" && data(json)["can_sign_in"] as? Bool == true)
        let entry = try #require(try f.audit("client.created").first)
        #expect(
            entry.targetID == Int64(id) && entry.actorUserID == f.adminA.id && entry.requestID == json["request_id"] as? String)
    }

    @Test func refusedAddsWriteNothing() throws {
        let f = try TenantFixture()
        let secret = try key(f, [.clientsWrite])
        let before = try f.snapshot()
        let (invalid, invalidJSON) = try post(f, "/api/v1/clients", key: secret, body: #"{"email":"bad","phone":5}"#)
        #expect(invalid.status == 422 && code(invalidJSON) == "E_VALIDATION")
        let fields = (invalidJSON["error"] as? [String: Any])?["fields"] as? [String: String]
        #expect(fields?["name"] == "is required" && fields?["phone"] == "must be a string")
        let (domainInvalid, domainJSON) = try post(f, "/api/v1/clients", key: secret, body: #"{"name":"Ok","email":"bad"}"#)
        #expect(domainInvalid.status == 422)
        #expect(((domainJSON["error"] as? [String: Any])?["fields"] as? [String: String])?["email"] != nil)
        #expect(try post(f, "/api/v1/clients", key: secret, body: #"{"name":"X","nickname":"Y"}"#).0.status == 422)
        #expect(try post(f, "/api/v1/clients", key: secret, body: #"{"name":"#).0.status == 400)
        #expect(try post(f, "/api/v1/clients", key: secret, body: #"["name"]"#).0.status == 400)
        let (form, formJSON) = try post(
            f, "/api/v1/clients", key: secret, body: "name=X", contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 415 && code(formJSON) == "E_VALIDATION")
        #expect(try f.snapshot() == before)

        for index in 0..<2 {
            #expect(try post(f, "/api/v1/clients", key: secret, body: #"{"name":"Seat \#(index)"}"#).0.status == 201)
        }
        let full = try f.snapshot()
        let (limit, limitJSON) = try post(f, "/api/v1/clients", key: secret, body: #"{"name":"One too many"}"#)
        #expect(limit.status == 402 && code(limitJSON) == "E_LIMIT")
        let details = (limitJSON["error"] as? [String: Any])?["limit"] as? [String: Any]
        #expect(
            details?["limit"] as? Int == 3 && details?["plan"] as? String == "Starter" && details?["kind"] as? String == "clients"
        )
        #expect(try f.snapshot() == full)
    }

    @Test func theBodyLimitIs64KiB() throws {
        let f = try TenantFixture()
        let responder = f.test.application.responder
        let resolution = responder.resolve(method: .post, rawPath: "/api/v1/clients", path: "/api/v1/clients")
        #expect(responder.bodyLimit(for: resolution) == 64 * 1024)
    }

    @Test func usageAndNotifications() throws {
        let f = try TenantFixture()
        let secret = try key(f, [.usageRead, .notificationsRead])
        let (usage, usageJSON) = try get(f, "/api/v1/usage", key: secret)
        #expect(usage.status == 200)
        #expect((data(usageJSON)["limits"] as? [String: Any])?["clients"] as? Int == 3)
        #expect((data(usageJSON)["usage"] as? [String: Any])?["coaches"] as? Int == 1)
        #expect((data(usageJSON)["percent"] as? [String: Any])?["coaches"] as? Int == 50)
        #expect((data(usageJSON)["plan"] as? [String: Any])?["name"] as? String == "Starter")

        try f.portal.broadcasts.notifyUser(
            f.adminA.id, title: "Hello admin", bodyHTML: "<p>Hi</p>", by: TenantFixture.actor(f.ownerAdmin))
        let (inbox, inboxJSON) = try get(f, "/api/v1/notifications?limit=5", key: secret)
        #expect(inbox.status == 200 && data(inboxJSON)["unread"] as? Int == 1)
        let items = data(inboxJSON)["items"] as? [[String: Any]] ?? []
        #expect(items.first?["title"] as? String == "Hello admin" && items.first?["read_at"] is NSNull)
        #expect(data(inboxJSON)["next_before"] is NSNull)
        #expect(try get(f, "/api/v1/notifications?limit=0", key: secret).0.status == 422)
    }

    @Test func aSuspendedStudiosKeysAreRefused() throws {
        let f = try TenantFixture()
        let secret = try key(f)
        _ = try f.portal.tenants.suspend(f.tenantA.id, reason: "Unpaid", by: TenantFixture.actor(f.ownerAdmin))
        let (response, json) = try get(f, "/api/v1/usage", key: secret)
        #expect(response.status == 403 && code(json) == "E_PERMISSION")
        let before = try f.snapshot()
        #expect(try post(f, "/api/v1/clients", key: secret, body: #"{"name":"X"}"#).0.status == 403)
        #expect(try f.snapshot() == before)
    }
}

import PortalDomain
import Testing

@testable import PortalServer

@Suite struct PeoplePagesTests {
    @Test func listSearchesFiltersAndPages() throws {
        let f = try TenantFixture()
        let admin = TenantFixture.actor(f.adminA)
        _ = try f.portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "Zoe <Zed>", email: "zoe@mail.example"), by: admin)
        let page = try f.get("/app/clients", as: f.adminA)
        #expect(page.status == 200)
        #expect(page.text.contains("Carl Client"))
        #expect(page.text.contains("Zoe &lt;Zed&gt;"))
        #expect(page.text.contains("2 / 3"))
        #expect(page.text.contains(#"<a href="/app/clients" aria-current="page">Clients</a>"#))
        let search = try f.get("/app/clients?q=zoe", as: f.adminA)
        #expect(search.text.contains("Zoe &lt;Zed&gt;") && !search.text.contains("Carl Client"))
        let none = try f.get("/app/clients?q=nobody&status=inactive", as: f.adminA)
        #expect(none.text.contains("No clients match these filters"))
        #expect(!(try f.get("/app/clients", as: f.adminB).text.contains("Carl Client")))
    }

    @Test func addingAClientRedirectsWithAFlashAndIsAudited() throws {
        let f = try TenantFixture()
        let response = try f.post(
            "/app/clients", [("name", "Dana New"), ("email", "dana@mail.example"), ("phone", "+49 30 555 1234"), ("notes", "")],
            as: f.adminA)
        #expect(response.status == 303)
        let clients = try f.portal.clients.list(tenant: f.tenantA.id, search: "Dana", by: TenantFixture.actor(f.adminA))
        let dana = try #require(clients.items.first)
        #expect(response.location == "/app/clients/\(dana.id)")
        #expect(dana.phone == "+49 30 555 1234" && dana.userID != nil)
        let entry = try #require(try f.audit("client.created").first)
        #expect(entry.targetID == dana.id && entry.actorUserID == f.adminA.id && entry.tenantID == f.tenantA.id)
        let followed = try f.get(try #require(response.location), as: f.adminA)
        #expect(followed.text.contains("Dana New was added."))
    }

    @Test func invalidFormIsA422WithMessagesAndValuesKeptAndNothingWritten() throws {
        let f = try TenantFixture()
        let before = try f.snapshot()
        let response = try f.post("/app/clients", [("name", " "), ("email", "not-an-address"), ("phone", "12")], as: f.adminA)
        #expect(response.status == 422)
        #expect(response.text.contains("Name is required"))
        #expect(response.text.contains("name@example.com"))
        #expect(response.text.contains(#"value="not-an-address""#))
        #expect(response.text.contains(#"aria-invalid="true""#))
        #expect(try f.snapshot() == before)
    }

    @Test func theClientPastTheLimitIsA402PageAndNothingIsWritten() throws {
        let f = try TenantFixture()
        let admin = TenantFixture.actor(f.adminA)
        for index in 0..<2 {
            _ = try f.portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "Client \(index)"), by: admin)
        }
        let before = try f.snapshot()
        let list = try f.get("/app/clients", as: f.adminA)
        #expect(list.text.contains("limit is reached"))
        let response = try f.post("/app/clients", [("name", "Fourth"), ("email", "fourth@mail.example")], as: f.adminA)
        #expect(response.status == 402)
        #expect(response.text.contains("3 of 3"))
        #expect(response.text.contains("Starter"))
        #expect(response.text.contains(#"href="/app/settings/plan#upgrade""#))
        #expect(response.text.contains(#"<span class="mark">Studio</span>"#))
        #expect(try f.snapshot() == before)
        #expect(try f.portal.users.user(email: "fourth@mail.example") == nil)
    }

    @Test func editingSavesAndAuditsWithoutPersonalValues() throws {
        let f = try TenantFixture()
        let carl = try #require(
            try f.portal.clients.list(tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).items.first)
        let form = try f.get("/app/clients/\(carl.id)", as: f.adminA)
        #expect(form.text.contains(#"value="Carl Client""#))
        #expect(form.text.contains("/app/clients/\(carl.id)/deactivate"))
        let response = try f.post(
            "/app/clients/\(carl.id)", [("name", "Carl Renamed"), ("email", "client@alpha.example")], as: f.adminA)
        #expect(response.status == 303)
        #expect(try f.portal.clients.get(carl.id, tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).name == "Carl Renamed")
        let entry = try #require(try f.audit("client.updated").first)
        #expect(entry.changes.contains { $0.field == "name" && $0.isPersonalData && $0.after == nil })
        let invalid = try f.post("/app/clients/\(carl.id)", [("name", "")], as: f.adminA)
        #expect(invalid.status == 422 && invalid.text.contains("Edit Carl Renamed"))
    }

    @Test func deactivateAndReactivateGoThroughAConfirmation() throws {
        let f = try TenantFixture()
        let carl = try #require(
            try f.portal.clients.list(tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).items.first)
        let confirm = try f.get("/app/clients/\(carl.id)/deactivate", as: f.adminA)
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("Deactivate Carl Client?"))
        #expect(confirm.text.contains(#"action="/app/clients/\#(carl.id)/deactivate""#))
        #expect(try f.portal.clients.get(carl.id, tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).status == .active)
        let done = try f.post("/app/clients/\(carl.id)/deactivate", as: f.adminA)
        #expect(done.status == 303)
        #expect(try f.portal.clients.get(carl.id, tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).status == .inactive)
        #expect(try f.portal.users.user(f.clientA.id)?.status == .disabled)
        #expect(try f.audit("client.deactivated").first?.targetID == carl.id)
        let again = try f.post("/app/clients/\(carl.id)/reactivate", as: f.adminA)
        #expect(again.status == 303)
        #expect(try f.audit("client.reactivated").first?.targetID == carl.id)
    }

    @Test func reactivatingPastTheLimitIsRefusedWith402() throws {
        let f = try TenantFixture()
        let admin = TenantFixture.actor(f.adminA)
        let carl = try #require(try f.portal.clients.list(tenant: f.tenantA.id, by: admin).items.first)
        _ = try f.portal.clients.setStatus(carl.id, tenant: f.tenantA.id, .inactive, by: admin)
        for index in 0..<3 { _ = try f.portal.clients.add(tenant: f.tenantA.id, PersonDraft(name: "Seat \(index)"), by: admin) }
        let before = try f.snapshot()
        let response = try f.post("/app/clients/\(carl.id)/reactivate", as: f.adminA)
        #expect(response.status == 402)
        #expect(try f.snapshot() == before)
    }

    @Test func coachesHaveTheSamePagesAndTheirOwnLimit() throws {
        let f = try TenantFixture()
        let list = try f.get("/app/coaches", as: f.adminA)
        #expect(list.status == 200 && list.text.contains("Cora Coach") && list.text.contains("1 / 2"))
        #expect(try f.post("/app/coaches", [("name", "Second Coach")], as: f.adminA).status == 303)
        let before = try f.snapshot()
        let refused = try f.post("/app/coaches", [("name", "Third Coach")], as: f.adminA)
        #expect(refused.status == 402)
        #expect(refused.text.contains("2 of 2"))
        #expect(try f.snapshot() == before)
        #expect(try f.get("/app/coaches/new", as: f.adminA).text.contains("Add a coach"))
    }

    @Test func foreignAndMalformedIdsAreNotFoundAndChangeNothing() throws {
        let f = try TenantFixture()
        let carl = try #require(
            try f.portal.clients.list(tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).items.first)
        let before = try f.snapshot()
        #expect(try f.get("/app/clients/\(carl.id)", as: f.adminB).status == 404)
        #expect(try f.post("/app/clients/\(carl.id)", [("name", "Hijacked")], as: f.adminB).status == 404)
        #expect(try f.post("/app/clients/\(carl.id)/deactivate", as: f.adminB).status == 404)
        #expect(try f.get("/app/clients/abc", as: f.adminA).status == 404)
        #expect(try f.snapshot() == before)
    }

    @Test func coachesAndClientsCannotManagePeople() throws {
        let f = try TenantFixture()
        let before = try f.snapshot()
        #expect(try f.get("/app/clients", as: f.coachA).status == 403)
        #expect(try f.post("/app/clients", [("name", "Sneaky")], as: f.clientA).status == 403)
        #expect(try f.snapshot() == before)
    }
}

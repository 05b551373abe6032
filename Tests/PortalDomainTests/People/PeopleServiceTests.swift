import Testing

@testable import PortalDomain

@Suite struct PeopleServiceTests {
    @Test func aClientWithAFreshEmailGetsALogin() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        let client = try f.portal.clients.add(
            tenant: tenant.id, PersonDraft(name: " Mia Weber ", email: "mia@mail.example", phone: "+49 170 1234567"), by: admin)
        #expect(client.name == "Mia Weber" && client.status == .active)
        let loginID = try #require(client.userID)
        let login = try #require(try f.portal.users.user(loginID))
        #expect(login.role == .client && login.tenantID == tenant.id && !login.hasPassword && login.displayName == "Mia Weber")
        // The same address is already a login: the second record is kept without one.
        let other = try f.tenant("Other Studio")
        let twin = try f.portal.clients.add(
            tenant: other.tenant.id, PersonDraft(name: "Mia W.", email: "MIA@mail.example"), by: other.admin)
        #expect(twin.userID == nil)
        let renamed = try f.portal.clients.update(
            client.id, tenant: tenant.id, PersonDraft(name: "Mia Weber-Klein", email: "mia@mail.example"), by: admin)
        #expect(try f.portal.users.user(loginID)?.displayName == "Mia Weber-Klein" && renamed.userID == loginID)
        _ = try f.portal.clients.setStatus(client.id, tenant: tenant.id, .inactive, by: admin)
        #expect(try f.portal.users.user(loginID)?.status == .disabled)
    }

    @Test func validationNamesEachField() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let error = try #require(throws: DomainError.self) {
            _ = try f.portal.coaches.add(
                tenant: tenant.id, PersonDraft(name: "", email: "not-an-email", phone: "call me maybe"), by: admin)
        }
        #expect(
            error
                == .invalid([
                    "name": "Name is required", "email": "Email must be an address like name@example.com",
                    "phone": "Phone must be a phone number such as +49 30 1234567",
                ]))
        #expect(try f.count("coaches") == 0)
    }

    @Test func listSearchesAndPages() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.unlimited)
        try f.clients(12, tenant: tenant.id, admin: admin)
        _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "Zoe Zander", email: "zz@mail.example"), by: admin)
        #expect(try f.portal.clients.list(tenant: tenant.id, search: "zAnd", by: admin).items.map(\.name) == ["Zoe Zander"])
        #expect(try f.portal.clients.list(tenant: tenant.id, search: "zz@", by: f.viewer).total == 1)
        let page = try f.portal.clients.list(tenant: tenant.id, page: 2, perPage: 5, by: admin)
        #expect(page.total == 13 && page.items.count == 5 && page.pageCount == 3)
        #expect(try f.portal.coaches.list(tenant: tenant.id, by: admin).total == 0)
        let coach = ActingUser(userID: 999, role: .coach, tenantID: tenant.id)
        #expect(throws: DomainError.self) { _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "x"), by: coach) }
        #expect(throws: DomainError.self) { _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "x"), by: f.owner) }
    }
}

import Testing

@testable import PortalDomain

@Suite struct UserProfileTests {
    @Test func timeZoneDefaultsToTheTenantsOrUTCAndCanBeChosen() throws {
        let f = try AuthFixture()
        let admin = ActingUser(userID: f.tenantAdmin.id, role: .tenantAdmin, tenantID: f.tenantID)
        let owner = ActingUser(userID: f.owner.id, role: .ownerAdmin)
        #expect(try f.portal.users.profile(userID: f.tenantAdmin.id, by: admin).timeZone == "Europe/Berlin")
        #expect(try f.portal.users.profile(userID: f.owner.id, by: owner).timeZone == "UTC")
        let changed = try f.portal.users.updateProfile(
            userID: f.owner.id, displayName: "  Olga O. ", timeZone: "America/New_York", by: owner)
        #expect(changed.user.displayName == "Olga O.")
        #expect(changed.timeZone == "America/New_York" && changed.timeZoneSetting == "America/New_York")
        let grant = try f.ownerSession()
        #expect(try f.portal.sessions.resolve(token: grant.token)?.timeZone == "America/New_York")
        let entry = try #require(try f.audits("user.profile_updated").first)
        #expect(entry.changes == [.personal("display_name"), .value("time_zone", "default", "America/New_York")])
        // Back to the default; unchanged values write nothing.
        #expect(
            try f.portal.users.updateProfile(userID: f.owner.id, displayName: "Olga O.", timeZone: "", by: owner).timeZone
                == "UTC")
        _ = try f.portal.users.updateProfile(userID: f.owner.id, displayName: "Olga O.", timeZone: nil, by: owner)
        #expect(try f.audits("user.profile_updated").count == 2)
    }

    @Test func validationAndOwnership() throws {
        let f = try AuthFixture()
        let owner = ActingUser(userID: f.owner.id, role: .ownerAdmin)
        #expect(throws: DomainError.invalid("time_zone", "Time zone must be an IANA name such as Europe/Berlin")) {
            try f.portal.users.updateProfile(userID: f.owner.id, displayName: "Olga", timeZone: "Mars/Olympus", by: owner)
        }
        #expect(throws: DomainError.self) {
            try f.portal.users.updateProfile(userID: f.tenantAdmin.id, displayName: "Hijack", timeZone: nil, by: owner)
        }
        let admin = ActingUser(userID: f.tenantAdmin.id, role: .tenantAdmin, tenantID: f.tenantID)
        #expect(throws: DomainError.self) { _ = try f.portal.users.profile(userID: f.owner.id, by: admin) }
    }
}

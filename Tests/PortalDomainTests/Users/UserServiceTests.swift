import Testing

@testable import PortalDomain

@Suite struct UserServiceTests {
    @Test func emailsAreUniqueCaseInsensitively() throws {
        let f = try PortalFixture()
        #expect(throws: DomainError.invalid("email", "Another account already uses OWNER@test.example")) {
            _ = try f.portal.users.createStaff(
                email: "OWNER@test.example", displayName: "Twin", role: .support, password: "long enough pass",
                hasher: PortalFixture.cheapHasher, by: f.owner)
        }
        #expect(try f.portal.users.user(email: "Owner@Test.Example")?.id == f.owner.userID)
    }

    @Test func onlyOwnerAdminsCreateStaff() throws {
        let f = try PortalFixture()
        #expect(throws: DomainError.self) {
            _ = try f.portal.users.createStaff(email: "x@test.example", displayName: "X", role: .support, by: f.support)
        }
    }

    @Test func oneTimePasswordMustBeChanged() throws {
        let f = try PortalFixture()
        let created = try f.portal.users.createStaff(
            email: "new@test.example", displayName: "New", role: .ownerAdmin, hasher: PortalFixture.cheapHasher, by: f.owner)
        let password = try #require(created.oneTimePassword)
        #expect(created.user.mustChangePassword)
        let credentials = try #require(try f.portal.users.credentials(email: "new@test.example"))
        #expect(PortalFixture.cheapHasher.verify(password, against: try #require(credentials.passwordHash)))
        let me = ActingUser(userID: created.user.id, role: .ownerAdmin)
        try f.portal.users.setPassword(
            userID: created.user.id, newPassword: "my new passphrase", hasher: PortalFixture.cheapHasher, by: me)
        #expect(try f.portal.users.user(created.user.id)?.mustChangePassword == false)
        #expect(throws: DomainError.self) {
            try f.portal.users.setPassword(userID: f.owner.userID!, newPassword: "someone else's", by: me.withRole(.support))
        }
    }

    @Test func totpSecretIsSealedAtRestAndStepsAreNotReused() throws {
        let f = try PortalFixture()
        let userID = try #require(f.owner.userID)
        let secret = TOTPSecret.generate()
        try f.portal.users.setTOTP(userID: userID, secret: secret, enabled: true, by: f.owner)
        let stored = try f.portal.database.read {
            try $0.row("SELECT totp_secret FROM users WHERE id = ?", [userID])?.blob("totp_secret")
        }
        let sealed = try #require(stored)
        #expect(!String(decoding: sealed, as: UTF8.self).contains(secret))
        #expect(try f.portal.users.totpSecret(userID: userID) == secret)
        #expect(try f.portal.users.user(userID)?.totpEnabled == true)
        #expect(try f.portal.users.recordTOTPStep(userID: userID, step: 100))
        #expect(try !f.portal.users.recordTOTPStep(userID: userID, step: 100))
        #expect(try !f.portal.users.recordTOTPStep(userID: userID, step: 99))
        #expect(try f.portal.users.recordTOTPStep(userID: userID, step: 101))
        // The audit entry says the secret changed, never what it is.
        let entry = try #require(try f.portal.audit.page(AuditFilter(action: "user.totp_changed"), by: f.owner).entries.first)
        #expect(entry.changes.contains(.personal("totp_secret")))
    }

    @Test func disablingNeedsAReasonAndIsAudited() throws {
        let f = try PortalFixture()
        let supportID = try #require(f.support.userID)
        #expect(throws: DomainError.self) { try f.portal.users.setStatus(userID: supportID, .disabled, reason: " ", by: f.owner) }
        try f.portal.users.setStatus(userID: supportID, .disabled, reason: "left the company", by: f.owner)
        #expect(try f.portal.users.user(supportID)?.status == .disabled)
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "user.disabled" && entry.note == "left the company")
    }
}

extension ActingUser {
    /// The same user with another role (tests of role checks).
    func withRole(_ role: Role) -> ActingUser {
        ActingUser(userID: userID ?? 0, role: role, tenantID: role.isTenantRole ? tenantID : nil)
    }
}

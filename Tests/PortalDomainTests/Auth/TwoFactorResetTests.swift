import Foundation
import Testing

@testable import PortalDomain

/// `TwoFactorService.reset`: clearing a user's two-factor sign-in when they lost their authenticator.
@Suite struct TwoFactorResetTests {
    /// The support agent enrolled (with recovery codes) and signed in twice.
    static func enrolledSupport(_ f: AuthFixture) throws -> (secret: String, tokens: [String]) {
        let (secret, enrolled) = try f.enrol(try f.signIn(f.support.email))
        #expect(enrolled.recoveryCodes.count == 10)
        f.clock.advance(by: 30)
        let second = try f.signIn(f.support.email)
        return (secret, [enrolled.token, second.token])
    }

    @Test func anOwnerAdminResetsAStaffMembersSecondFactorAndEndsTheirSessions() throws {
        let f = try AuthFixture()
        let (secret, tokens) = try Self.enrolledSupport(f)
        let owner = f.actor(try f.ownerSession())
        let ended = try f.portal.twoFactor.reset(userID: f.support.id, reason: "  lost their phone  ", by: owner)
        #expect(ended == 2)
        #expect(
            try f.portal.twoFactor.status(userID: f.support.id)
                == TwoFactorStatus(enabled: false, pending: false, recoveryCodesLeft: 0, required: true))
        #expect(try f.portal.users.totpSecret(userID: f.support.id) == nil)
        for token in tokens { #expect(try f.portal.sessions.resolve(token: token) == nil) }
        let entry = try #require(try f.audits("auth.totp_reset").first)
        #expect(entry.targetID == f.support.id && entry.actorUserID == f.owner.id)
        #expect(entry.note == "lost their phone" && entry.facts["sessions_ended"] == "2")
        // The next sign-in must enrol again, with a new secret.
        let next = try f.signIn(f.support.email)
        #expect(next.session.state == .enrolmentRequired)
        #expect(try f.portal.twoFactor.enrolment(session: next.session.id, by: f.actor(next)).secret != secret)
    }

    @Test func refusalsWriteNothing() throws {
        let f = try AuthFixture()
        _ = try Self.enrolledSupport(f)
        let ownerGrant = try f.ownerSession()
        let owner = f.actor(ownerGrant)
        let supportActor = ActingUser(userID: f.support.id, role: .support, tenantID: nil)
        let before = try f.portal.audit.page(AuditFilter(), limit: 500, by: .system("test")).entries.count
        // Not an owner admin; the owner admin on themself; a tenant user by owner staff; no reason; nobody.
        #expect(throws: DomainError.self) { try f.portal.twoFactor.reset(userID: f.owner.id, reason: "x", by: supportActor) }
        #expect(throws: DomainError.self) { try f.portal.twoFactor.reset(userID: f.owner.id, reason: "x", by: owner) }
        #expect(throws: DomainError.self) { try f.portal.twoFactor.reset(userID: f.tenantAdmin.id, reason: "x", by: owner) }
        #expect(throws: DomainError.self) { try f.portal.twoFactor.reset(userID: f.support.id, reason: " ", by: owner) }
        #expect(throws: DomainError.notFound("user 999999")) {
            try f.portal.twoFactor.reset(userID: 999_999, reason: "x", by: .system("test"))
        }
        // An impersonating owner admin acts as the impersonated user, never as themself.
        let impersonating = ActingUser(userID: f.owner.id, role: .ownerAdmin, tenantID: nil, impersonatorUserID: f.owner.id)
        #expect(throws: DomainError.self) { try f.portal.twoFactor.reset(userID: f.support.id, reason: "x", by: impersonating) }
        // Nothing to reset is a conflict, even for the system.
        #expect(throws: DomainError.conflict("admin@pulse.example has no two-factor sign-in to reset")) {
            try f.portal.twoFactor.reset(userID: f.tenantAdmin.id, reason: "x", by: .system("test"))
        }
        #expect(try f.portal.twoFactor.status(userID: f.support.id).enabled)
        #expect(try f.portal.twoFactor.status(userID: f.owner.id).enabled)
        #expect(try f.portal.sessions.resolve(token: ownerGrant.token) != nil)
        #expect(try f.portal.audit.page(AuditFilter(), limit: 500, by: .system("test")).entries.count == before)
        // The system may reset anyone who has a second factor, owner admins included.
        #expect(try f.portal.twoFactor.reset(userID: f.owner.id, reason: "locked out", by: .system("cli")) == 1)
        #expect(try f.portal.sessions.resolve(token: ownerGrant.token) == nil)
    }
}

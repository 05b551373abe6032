import Foundation
import Testing

@testable import PortalDomain

@Suite struct EnrolmentTests {
    @Test func staffEnrolWithAFirstCodeAndGetRecoveryCodesOnce() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.support.email)
        #expect(grant.session.state == .enrolmentRequired)
        let me = f.actor(grant)
        let enrolment = try f.portal.twoFactor.enrolment(session: grant.session.id, by: me)
        #expect(ByteEncoding.fromBase32(enrolment.secret)?.count == 20)
        #expect(
            enrolment.uri == "otpauth://totp/Owner%20Portal:support@auth.example?secret=\(enrolment.secret)&issuer=Owner%20Portal"
        )
        // Showing the page again shows the same secret; the pending secret is not yet required.
        #expect(try f.portal.twoFactor.enrolment(session: grant.session.id, by: me) == enrolment)
        #expect(
            try f.portal.twoFactor.status(userID: f.support.id)
                == TwoFactorStatus(enabled: false, pending: true, recoveryCodesLeft: 0, required: true))
        #expect(try f.signIn(f.support.email).session.state == .enrolmentRequired)
        // A wrong code does not enrol.
        let wrong = f.code(enrolment.secret) == "123456" ? "654321" : "123456"
        #expect(
            try f.portal.twoFactor.confirmEnrolment(session: grant.session.id, code: wrong, client: f.client, by: me).refusal
                == .invalid)
        let result = try #require(
            try f.portal.twoFactor.confirmEnrolment(
                session: grant.session.id, code: f.code(enrolment.secret), client: f.client, by: me
            )
            .value)
        #expect(result.recoveryCodes.count == 10)
        #expect(result.token != grant.token)
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
        let active = try #require(try f.portal.sessions.resolve(token: result.token))
        #expect(active.state == .full)
        #expect(active.record.secondFactorAt == f.clock.seconds)
        #expect(try f.portal.twoFactor.status(userID: f.support.id).enabled)
        #expect(try f.audits("auth.totp_enrolled").first?.targetID == f.support.id)
        // From now on sign-in asks for the code, and the secret is sealed at rest.
        #expect(try f.signIn(f.support.email).session.state == .awaitingSecondFactor)
        #expect(try f.portal.users.totpSecret(userID: f.support.id) == enrolment.secret)
        #expect(throws: DomainError.conflict("two-factor sign-in is already enabled")) {
            _ = try f.portal.twoFactor.enrolment(session: grant.session.id, by: me)
        }
    }

    @Test func restartingTheEnrolmentMakesANewSecret() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let first = try f.portal.twoFactor.enrolment(session: grant.session.id, by: f.actor(grant))
        let second = try f.portal.twoFactor.enrolment(session: grant.session.id, restart: true, by: f.actor(grant))
        #expect(first.secret != second.secret)
        #expect(
            try f.portal.twoFactor.confirmEnrolment(
                session: grant.session.id, code: f.code(first.secret), client: f.client, by: f.actor(grant)
            )
            .refusal == .invalid)
    }

    @Test func tenantUsersMayDisableStaffMayNot() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let me = f.actor(grant)
        let (secret, enrolled) = try f.enrol(grant)
        #expect(try f.portal.sessions.resolve(token: enrolled.token)?.state == .full)
        f.clock.advance(by: 30)
        #expect(
            try f.portal.twoFactor.disable(session: grant.session.id, code: "000000", client: f.client, by: me).refusal
                == .invalid)
        #expect(
            try f.portal.twoFactor.disable(session: grant.session.id, code: f.code(secret), client: f.client, by: me).value
                == true)
        #expect(
            try f.portal.twoFactor.status(userID: f.tenantAdmin.id)
                == TwoFactorStatus(enabled: false, pending: false, recoveryCodesLeft: 0, required: false))
        #expect(try f.count("recovery_codes") == 0)
        #expect(try f.audits("auth.totp_disabled").count == 1)
        #expect(try f.signIn(f.tenantAdmin.email).session.state == .full)

        let owner = try f.ownerSession()
        #expect(throws: DomainError.notPermitted("owner staff must keep two-factor sign-in")) {
            _ = try f.portal.twoFactor.disable(
                session: owner.session.id, code: f.code(f.ownerSecret, offset: 1), client: f.client, by: f.actor(owner))
        }
        #expect(try f.portal.twoFactor.status(userID: f.owner.id).enabled)
    }

    @Test func notWhileImpersonating() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let impersonated = ActingUser(
            userID: f.tenantAdmin.id, role: .tenantAdmin, tenantID: f.tenantID, impersonatorUserID: f.owner.id)
        #expect(throws: DomainError.self) { _ = try f.portal.twoFactor.enrolment(session: grant.session.id, by: impersonated) }
        #expect(throws: DomainError.self) {
            _ = try f.portal.auth.changePassword(
                session: grant.session.id, currentPassword: AuthFixture.password, newPassword: "a brand new passphrase",
                client: f.client, by: impersonated)
        }
    }
}

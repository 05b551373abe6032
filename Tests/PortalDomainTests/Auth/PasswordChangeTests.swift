import Foundation
import Testing

@testable import PortalDomain

@Suite struct PasswordChangeTests {
    @Test func oneTimePasswordThenChangeThenEnrolment() throws {
        let f = try AuthFixture()
        let created = try f.portal.users.createStaff(
            email: "new.owner@auth.example", displayName: "New Owner", role: .ownerAdmin,
            hasher: f.portal.auth.configuration.hasher, by: .system("cli:create-owner"))
        let oneTime = try #require(created.oneTimePassword)
        let grant = try f.signIn(created.user.email, password: oneTime)
        #expect(grant.session.state == .passwordChangeRequired)
        let me = f.actor(grant)
        let token = try #require(
            try f.portal.auth.changePassword(
                session: grant.session.id, currentPassword: oneTime, newPassword: "plum orchard at dusk", client: f.client, by: me
            ).value)
        #expect(token != grant.token)
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
        #expect(try f.portal.sessions.resolve(token: token)?.state == .enrolmentRequired)
        #expect(try f.portal.users.user(created.user.id)?.mustChangePassword == false)
        #expect(try f.portal.auth.signIn(email: created.user.email, password: oneTime, client: f.client).refusal == .invalid)
        #expect(try f.signIn(created.user.email, password: "plum orchard at dusk").session.state == .enrolmentRequired)
        let entry = try #require(try f.audits("auth.password_changed").first)
        #expect(entry.changes.contains(.personal("password_hash")))
        #expect(entry.changes.contains(.value("must_change_password", "true", "false")))
    }

    @Test func policyIsCheckedBeforeAnyHashing() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let runs = f.portal.auth.statistics.kdfRuns
        for weak in [
            "short", "admin@pulse.example", "ADMIN@pulse.example", "password1234", "aaaaaaaaaaaaaaaa", "123456789012345",
        ] {
            #expect(throws: DomainError.self, "\(weak)") {
                _ = try f.portal.auth.changePassword(
                    session: grant.session.id, currentPassword: AuthFixture.password, newPassword: weak, client: f.client,
                    by: f.actor(grant))
            }
        }
        #expect(throws: DomainError.invalid("new_password", "Choose a password different from the current one")) {
            _ = try f.portal.auth.changePassword(
                session: grant.session.id, currentPassword: AuthFixture.password, newPassword: AuthFixture.password,
                client: f.client, by: f.actor(grant))
        }
        #expect(f.portal.auth.statistics.kdfRuns == runs)
    }

    @Test func wrongCurrentPasswordIsRefusedAuditedAndThrottled() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let policy = f.portal.auth.configuration.accountThrottle
        var refusals: [AuthRefusal?] = []
        for attempt in 0...policy.freeAttempts {
            refusals.append(
                try f.portal.auth.changePassword(
                    session: grant.session.id, currentPassword: "not my password \(attempt)", newPassword: "plum orchard at dusk",
                    client: ClientInfo(ip: "192.0.2.\(attempt)", userAgent: "x"), by: f.actor(grant)
                ).refusal)
        }
        #expect(refusals == Array(repeating: .invalid, count: policy.freeAttempts) + [.throttled(retryAfter: policy.baseDelay)])
        let failure = try #require(try f.audits("auth.password_change_failed").first)
        #expect(failure.actorUserID == f.tenantAdmin.id)
        #expect(
            try f.portal.auth.configuration.hasher.verify(
                AuthFixture.password, against: #require(try f.portal.users.credentials(email: f.tenantAdmin.email)?.passwordHash))
        )
    }

    @Test func changingThePasswordEndsTheOtherSessions() throws {
        let f = try AuthFixture()
        let here = try f.signIn(f.tenantAdmin.email)
        let elsewhere = try f.signIn(f.tenantAdmin.email, client: ClientInfo(ip: "198.51.100.9", userAgent: "x"))
        let token = try #require(
            try f.portal.auth.changePassword(
                session: here.session.id, currentPassword: AuthFixture.password, newPassword: "plum orchard at dusk",
                client: f.client, by: f.actor(here)
            ).value)
        #expect(try f.portal.sessions.resolve(token: token) != nil)
        #expect(try f.portal.sessions.resolve(token: elsewhere.token) == nil)
        #expect(try f.audits("auth.password_changed").first?.facts["other_sessions_revoked"] == "1")
    }
}

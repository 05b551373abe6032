import Foundation
import Testing

@testable import PortalDomain

@Suite struct SessionServiceTests {
    @Test func resolvesLiveTokensOnly() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let active = try #require(try f.portal.sessions.resolve(token: grant.token))
        #expect(active.record.id == grant.session.id)
        #expect(active.user.id == f.tenantAdmin.id)
        #expect(active.state == .full)
        #expect(active.timeZone == "Europe/Berlin")  // a tenant user follows the tenant's zone
        let last = grant.token.last == "A" ? "B" : "A"
        let first = grant.token.first == "A" ? "B" : "A"
        let mutated = [String(grant.token.dropLast()) + last, first + String(grant.token.dropFirst())]
        for bad in ["", "short", grant.token + "x", String(repeating: "!", count: 43)] + mutated {
            #expect(try f.portal.sessions.resolve(token: bad) == nil, "\(bad)")
        }
    }

    @Test func idleExpiryAndTouching() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let idle = f.portal.auth.configuration.idleTimeout
        // Requests keep it alive past the idle timeout...
        for _ in 0..<4 {
            f.clock.advance(by: TimeInterval(idle - 60))
            let touched = try #require(try f.portal.sessions.resolve(token: grant.token, client: f.client))
            #expect(touched.record.lastSeenAt == f.clock.seconds)
            #expect(touched.record.idleExpiresAt == f.clock.seconds + idle)
        }
        // ...and within the touch interval nothing is written.
        f.clock.advance(by: 10)
        #expect(try f.portal.sessions.resolve(token: grant.token)?.record.lastSeenAt == f.clock.seconds - 10)
        // Unused for the idle timeout, it ends.
        f.clock.advance(by: TimeInterval(idle))
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
    }

    @Test func absoluteExpiryWhateverTheUse() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let lifetime = f.portal.auth.configuration.absoluteLifetime
        var elapsed: Int64 = 0
        while elapsed + 600 < lifetime {
            f.clock.advance(by: 600)
            elapsed += 600
            #expect(try f.portal.sessions.resolve(token: grant.token) != nil)
        }
        f.clock.advance(by: TimeInterval(lifetime - elapsed))
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
    }

    @Test func awaitingSecondFactorExpiresSoonAndIsNotExtended() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.owner.email)
        let timeout = f.portal.auth.configuration.secondFactorTimeout
        f.clock.advance(by: TimeInterval(timeout - 1))
        #expect(try f.portal.sessions.resolve(token: grant.token)?.state == .awaitingSecondFactor)
        f.clock.advance(by: 1)
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
        #expect(throws: DomainError.self) {
            _ = try f.portal.twoFactor.completeSignIn(session: grant.session.id, code: f.code(f.ownerSecret), client: f.client)
        }
    }

    @Test func rotationKillsTheOldTokenAndKeepsTheCSRFToken() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        let csrf = try #require(try f.portal.sessions.resolve(token: grant.token)).csrfToken
        let rotated = try f.portal.sessions.rotate(grant.session.id)
        #expect(rotated != grant.token)
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
        let active = try #require(try f.portal.sessions.resolve(token: rotated))
        #expect(active.record.id == grant.session.id)
        #expect(active.record.rotatedAt == f.clock.seconds)
        #expect(active.csrfToken == csrf)
        // Another session has another CSRF token, and it is no guessable function of the id alone.
        let other = try f.signIn(f.tenantAdmin.email)
        #expect(f.portal.sessions.csrfToken(sessionID: other.session.id) != csrf)
        let twin = try AuthFixture()
        #expect(twin.portal.sessions.csrfToken(sessionID: grant.session.id) != csrf)
    }

    @Test func listAndRevokeOneOthersAll() throws {
        let f = try AuthFixture()
        let phone = ClientInfo(
            ip: "2001:db8::1",
            userAgent:
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
        )
        let laptop = try f.signIn(f.tenantAdmin.email)
        f.clock.advance(by: 120)
        let mobile = try f.signIn(f.tenantAdmin.email, client: phone)
        f.clock.advance(by: 120)
        let third = try f.signIn(f.tenantAdmin.email)
        let me = f.actor(laptop)
        let sessions = try f.portal.sessions.list(userID: f.tenantAdmin.id, by: me)
        #expect(sessions.map(\.id) == [third.session.id, mobile.session.id, laptop.session.id])
        #expect(sessions[1].browser == "Safari 17 on iOS")
        #expect(sessions[1].ip == "2001:db8::1")
        // Someone else's sessions are neither listed nor revocable.
        let owner = try f.ownerSession()
        #expect(throws: DomainError.self) { _ = try f.portal.sessions.list(userID: f.tenantAdmin.id, by: f.actor(owner)) }
        #expect(throws: DomainError.notFound("session \(mobile.session.id)")) {
            try f.portal.sessions.revoke(mobile.session.id, by: f.actor(owner))
        }
        try f.portal.sessions.revoke(mobile.session.id, by: me)
        #expect(try f.portal.sessions.resolve(token: mobile.token) == nil)
        #expect(try f.portal.sessions.revokeOthers(keeping: laptop.session.id, by: me) == 1)
        #expect(try f.portal.sessions.resolve(token: third.token) == nil)
        #expect(try f.portal.sessions.resolve(token: laptop.token) != nil)
        #expect(try f.portal.sessions.revokeAll(userID: f.tenantAdmin.id, by: me) == 1)
        #expect(try f.portal.sessions.resolve(token: laptop.token) == nil)
        let revocations = try f.audits("auth.session_revoked")
        #expect(revocations.map { $0.facts["count"] } == ["1", "1", "1"])
        #expect(revocations.allSatisfy { $0.actorUserID == f.tenantAdmin.id })
        // Impersonation never touches account security.
        let impersonated = ActingUser(
            userID: f.tenantAdmin.id, role: .tenantAdmin, tenantID: f.tenantID, impersonatorUserID: f.owner.id)
        #expect(throws: DomainError.self) { try f.portal.sessions.revokeOthers(keeping: laptop.session.id, by: impersonated) }
    }

    @Test func signOutIsAudited() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        try f.portal.sessions.signOut(grant.session.id, by: f.actor(grant))
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
        #expect(try f.audits("auth.signed_out").first?.targetID == grant.session.id)
    }

    @Test func disablingAUserEndsTheirSessions() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.tenantAdmin.email)
        try f.portal.users.setStatus(userID: f.tenantAdmin.id, .disabled, reason: "left the studio", by: .system("test"))
        #expect(try f.portal.sessions.resolve(token: grant.token) == nil)
        #expect(try f.count("sessions") == 0)
    }

    @Test func sessionsPerUserAreCapped() throws {
        let f = try AuthFixture { $0.maxSessionsPerUser = 3 }
        let grants = try (0..<5).map { index -> SessionGrant in
            f.clock.advance(by: 1)
            return try f.signIn(f.tenantAdmin.email, client: ClientInfo(ip: "192.0.2.\(index)", userAgent: "x"))
        }
        let live = try grants.filter { try f.portal.sessions.resolve(token: $0.token) != nil }
        #expect(live.map(\.session.id) == grants.suffix(3).map(\.session.id))
    }

    @Test func expiryJobDeletesRevokedAndExpiredRows() throws {
        let f = try AuthFixture()
        let kept = try f.signIn(f.tenantAdmin.email)
        let revoked = try f.signIn(f.tenantAdmin.email)
        try f.portal.sessions.revoke(revoked.session.id, by: f.actor(revoked))
        let pending = try f.signIn(f.owner.email)
        #expect(f.portal.jobs.names.contains("expire-sessions"))
        #expect(try f.portal.sessions.expire() == 1)
        f.clock.advance(by: TimeInterval(f.portal.auth.configuration.secondFactorTimeout))
        _ = try f.portal.sessions.resolve(token: kept.token)
        try f.portal.jobs.run("expire-sessions")
        #expect(try f.portal.sessions.session(pending.session.id) == nil)
        #expect(try f.portal.sessions.session(kept.session.id) != nil)
    }
}

import Foundation
import Testing

@testable import PortalDomain

@Suite struct TwoFactorServiceTests {
    @Test func secondStepRotatesTheTokenAndCompletesTheSession() throws {
        let f = try AuthFixture()
        let first = try f.signIn(f.owner.email)
        #expect(try f.portal.sessions.resolve(token: first.token)?.state == .awaitingSecondFactor)
        let second = try #require(
            try f.portal.twoFactor.completeSignIn(session: first.session.id, code: f.code(f.ownerSecret), client: f.client).value)
        #expect(second.token != first.token)
        #expect(second.session.id == first.session.id)
        #expect(try f.portal.sessions.resolve(token: first.token) == nil)
        let active = try #require(try f.portal.sessions.resolve(token: second.token))
        #expect(active.state == .full)
        #expect(active.record.secondFactorAt == f.clock.seconds)
        #expect(try f.audits("auth.second_factor").first?.facts["method"] == "totp")
        // A session that is not waiting for a code cannot be completed again.
        #expect(throws: DomainError.self) {
            _ = try f.portal.twoFactor.completeSignIn(
                session: first.session.id, code: f.code(f.ownerSecret, offset: 1), client: f.client)
        }
    }

    @Test func aTimeStepIsNeverAcceptedTwice() throws {
        let f = try AuthFixture()
        let code = f.code(f.ownerSecret)
        _ = try f.ownerSession()
        let again = try f.signIn(f.owner.email)
        #expect(
            try f.portal.twoFactor.completeSignIn(session: again.session.id, code: code, client: f.client).refusal == .invalid)
        // Nor an earlier one; the next step's code works.
        #expect(
            try f.portal.twoFactor.completeSignIn(
                session: again.session.id, code: f.code(f.ownerSecret, offset: -1), client: f.client
            )
            .refusal == .invalid)
        #expect(
            try f.portal.twoFactor.completeSignIn(
                session: again.session.id, code: f.code(f.ownerSecret, offset: 1), client: f.client
            )
            .value != nil)
        #expect(try f.audits("auth.second_factor_failed").compactMap { $0.facts["reason"] }.contains("replayed_code"))
    }

    @Test func adjacentStepsAreAcceptedButNotFurther() throws {
        let f = try AuthFixture()
        for offset in [-1, 1] as [Int64] {
            let grant = try f.signIn(f.owner.email)
            f.clock.advance(by: 60)  // past the step used before, so replay protection does not interfere
            let outcome = try f.portal.twoFactor.completeSignIn(
                session: grant.session.id, code: f.code(f.ownerSecret, offset: offset), client: f.client)
            #expect(outcome.value != nil, "offset \(offset)")
        }
        let grant = try f.signIn(f.owner.email)
        f.clock.advance(by: 90)
        let far = f.code(f.ownerSecret, offset: 2)
        let near = (-1...1).map { f.code(f.ownerSecret, offset: Int64($0)) }
        if !near.contains(far) {
            #expect(
                try f.portal.twoFactor.completeSignIn(session: grant.session.id, code: far, client: f.client).refusal == .invalid)
        }
    }

    @Test func codesAreThrottledLikePasswords() throws {
        let f = try AuthFixture()
        let grant = try f.signIn(f.owner.email)
        let policy = f.portal.auth.configuration.accountThrottle
        let right = f.code(f.ownerSecret)
        let wrong = right == "000000" ? "111111" : "000000"
        var outcomes: [AuthRefusal?] = []
        for attempt in 0..<policy.freeAttempts + 1 {
            let client = ClientInfo(ip: "192.0.2.\(attempt)", userAgent: "x")
            outcomes.append(try f.portal.twoFactor.completeSignIn(session: grant.session.id, code: wrong, client: client).refusal)
        }
        #expect(outcomes.dropLast().allSatisfy { $0 == .invalid })
        #expect(outcomes.last == .throttled(retryAfter: policy.baseDelay))
        // Throttled means refused before the check: even the right code waits.
        #expect(
            try f.portal.twoFactor.completeSignIn(session: grant.session.id, code: right, client: f.client).refusal
                == .throttled(retryAfter: policy.baseDelay))
    }

    @Test func codeLockIsAudited() throws {
        let f = try AuthFixture { $0.secondFactorTimeout = 3_600 }
        let grant = try f.signIn(f.owner.email)
        let policy = f.portal.auth.configuration.accountThrottle
        let wrong = f.code(f.ownerSecret) == "000000" ? "111111" : "000000"
        for attempt in 0..<200 {
            let outcome = try f.portal.twoFactor.completeSignIn(
                session: grant.session.id, code: wrong, client: ClientInfo(ip: "192.0.2.\(attempt)", userAgent: "x"))
            if case .throttled(let wait) = outcome.refusal {
                if wait == policy.lockDuration { break }
                f.clock.advance(by: TimeInterval(wait))
            }
        }
        let lock = try #require(try f.audits("auth.locked").first)
        #expect(lock.facts["scope"] == "code")
        #expect(lock.targetID == f.owner.id)
        #expect(try f.audits("auth.second_factor_failed").count == policy.lockAfter)
    }

    @Test func recoveryCodesAreSingleUse() throws {
        let f = try AuthFixture()
        let owner = try f.ownerSession()
        let codes = try #require(
            try f.portal.twoFactor.regenerateRecoveryCodes(
                session: owner.session.id, code: f.code(f.ownerSecret, offset: 1), client: f.client, by: f.actor(owner)
            ).value)
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        #expect(codes.allSatisfy { $0.count == 11 && $0.dropFirst(5).first == "-" })
        // Stored only as HMACs.
        let stored = try f.portal.database.read { db in
            try db.rows("SELECT code_hash FROM recovery_codes WHERE user_id = ?", [f.owner.id]).compactMap {
                $0.blob("code_hash")
            }
        }
        #expect(stored.count == 10)
        #expect(!stored.contains { String(decoding: $0, as: UTF8.self).contains(codes[0].prefix(5)) })
        let first = try f.signIn(f.owner.email)
        let used = try f.portal.twoFactor.completeSignIn(session: first.session.id, code: codes[0].uppercased(), client: f.client)
        #expect(used.value?.session.state == .full)
        #expect(try f.audits("auth.recovery_code_used").first?.facts["remaining"] == "9")
        #expect(try f.audits("auth.second_factor").first?.facts["method"] == "recovery_code")
        let second = try f.signIn(f.owner.email)
        #expect(
            try f.portal.twoFactor.completeSignIn(session: second.session.id, code: codes[0], client: f.client).refusal
                == .invalid)
        #expect(
            try f.portal.twoFactor.completeSignIn(
                session: second.session.id, code: codes[1].replacingOccurrences(of: "-", with: ""), client: f.client
            ).value != nil)
        #expect(try f.portal.twoFactor.status(userID: f.owner.id).recoveryCodesLeft == 8)
        // Step-up takes only a TOTP code.
        let stepUp = try f.portal.twoFactor.stepUp(
            session: owner.session.id, code: codes[2], action: "tenant.suspend", client: f.client, by: f.actor(owner))
        #expect(stepUp.refusal == .invalid)
    }

    @Test func stepUpRenewsTheSecondFactorTime() throws {
        let f = try AuthFixture()
        let owner = try f.ownerSession()
        let window = f.portal.auth.configuration.stepUpWindow
        let signedInAt = f.clock.seconds
        #expect(!f.portal.twoFactor.needsStepUp(secondFactorAt: signedInAt))
        f.clock.advance(by: TimeInterval(window + 1))
        #expect(f.portal.twoFactor.needsStepUp(secondFactorAt: signedInAt))
        #expect(f.portal.twoFactor.needsStepUp(secondFactorAt: nil))
        let outcome = try f.portal.twoFactor.stepUp(
            session: owner.session.id, code: f.code(f.ownerSecret), action: "tenant.suspend", client: f.client, by: f.actor(owner)
        )
        #expect(outcome.value == f.clock.seconds)
        #expect(try f.portal.sessions.session(owner.session.id)?.secondFactorAt == f.clock.seconds)
        let entry = try #require(try f.audits("auth.step_up").first)
        #expect(entry.facts["for"] == "tenant.suspend")
        #expect(entry.actorUserID == f.owner.id)
        // Someone else's session cannot be stepped up.
        let admin = try f.signIn(f.tenantAdmin.email)
        #expect(throws: DomainError.self) {
            _ = try f.portal.twoFactor.stepUp(
                session: owner.session.id, code: f.code(f.ownerSecret, offset: 1), action: "x", client: f.client,
                by: f.actor(admin))
        }
    }
}

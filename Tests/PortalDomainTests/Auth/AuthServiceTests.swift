import Foundation
import Testing

@testable import PortalDomain

@Suite struct AuthServiceTests {
    @Test func signInOpensASessionInTheStateTheAccountNeeds() throws {
        let f = try AuthFixture()
        let owner = try f.signIn("OWNER@auth.example")
        #expect(owner.session.state == .awaitingSecondFactor)
        #expect(owner.session.browser == "Firefox 125 on Linux")
        #expect(owner.session.ip == "203.0.113.5")
        #expect(owner.token.utf8.count == 43)
        #expect(try f.signIn(f.support.email).session.state == .enrolmentRequired)
        #expect(try f.signIn(f.tenantAdmin.email).session.state == .full)
        // The token is never stored, only its SHA-256.
        let stored = try f.portal.database.read { db in
            try db.row("SELECT token_hash FROM sessions WHERE id = ?", [owner.session.id])?.blob("token_hash")
        }
        let tokenBytes = try #require(ByteEncoding.fromBase64URL(owner.token))
        #expect(stored == Crypto.sha256(tokenBytes))
        let entry = try #require(try f.audits("auth.signed_in").last)
        #expect(entry.actorUserID == f.owner.id)
        #expect(entry.ip == "203.0.113.5")
        #expect(entry.requestID == "req-auth")
        #expect(entry.facts["browser"] == "Firefox 125 on Linux")
        #expect(entry.facts["state"] == "awaiting_second_factor")
    }

    @Test func everyFailureIsTheSameGenericRefusal() throws {
        let f = try AuthFixture()
        try f.portal.users.setStatus(userID: f.support.id, .disabled, reason: "left", by: .system("test"))
        let created = try f.portal.users.createTenantAdmin(
            tenant: f.tenantID, email: "nopass@pulse.example", displayName: "No Password", by: .system("test"))
        let attempts: [(String, String)] = [
            (f.owner.email, "wrong password here"), ("nobody@auth.example", AuthFixture.password),
            (f.support.email, AuthFixture.password), (created.email, AuthFixture.password), ("not an e-mail", "x"),
        ]
        for (email, password) in attempts {
            let client = ClientInfo(ip: "198.51.100.\(email.count)", userAgent: "curl/8.5.0")
            let outcome = try f.portal.auth.signIn(email: email, password: password, client: client)
            #expect(outcome.refusal == .invalid, "\(email)")
        }
        let failures = try f.audits("auth.sign_in_failed")
        #expect(failures.count == attempts.count)
        #expect(
            Set(failures.compactMap { $0.facts["reason"] }) == ["wrong_password", "unknown_account", "disabled", "no_password"])
        #expect(try f.count("sessions") == 0)
    }

    @Test func unknownAccountsAreCheckedAgainstTheDummyHash() throws {
        let f = try AuthFixture()
        let before = f.portal.auth.statistics
        _ = try f.portal.auth.signIn(email: "ghost@auth.example", password: "guess number one", client: f.client)
        let afterUnknown = f.portal.auth.statistics
        #expect(afterUnknown.kdfRuns == before.kdfRuns + 1)
        #expect(afterUnknown.dummyVerifications == before.dummyVerifications + 1)
        _ = try f.portal.auth.signIn(email: f.owner.email, password: "guess number two", client: f.client)
        let afterKnown = f.portal.auth.statistics
        // A known account costs the same one derivation, against its own hash.
        #expect(afterKnown.kdfRuns == afterUnknown.kdfRuns + 1)
        #expect(afterKnown.dummyVerifications == afterUnknown.dummyVerifications)
        // The unknown address is not in the audit log; the failure is, with the IP and browser.
        let entry = try #require(try f.audits("auth.sign_in_failed").first)
        let unknown = try #require(try f.audits("auth.sign_in_failed").first { $0.facts["reason"] == "unknown_account" })
        #expect(entry.targetID == f.owner.id)
        #expect(unknown.actorRole == "anonymous" && unknown.actorUserID == nil && unknown.targetID == nil)
        #expect(unknown.ip == f.client.ip && unknown.facts["browser"] == "Firefox 125 on Linux")
        let details = try f.portal.database.read { db in try db.rows("SELECT details FROM audit_entries").map { $0.string(0) } }
        #expect(!details.joined().contains("ghost"))
    }

    @Test func weakerStoredHashesAreRehashedAtSignIn() throws {
        let f = try AuthFixture { $0.hasher = PasswordHasher(logN: 11, r: 8, p: 1) }
        let before = try #require(try f.portal.users.credentials(email: f.owner.email)?.passwordHash)
        #expect(before.hasPrefix("$scrypt$ln=10,"))
        _ = try f.signIn(f.owner.email)
        let after = try #require(try f.portal.users.credentials(email: f.owner.email)?.passwordHash)
        #expect(after.hasPrefix("$scrypt$ln=11,"))
        #expect(PasswordHasher(logN: 11, r: 8, p: 1).verify(AuthFixture.password, against: after))
        #expect(try f.audits("auth.signed_in").first?.facts["rehashed"] == "true")
    }

    @Test func accountThrottleGrowsThenLocksAndIsAudited() throws {
        let f = try AuthFixture()
        let policy = f.portal.auth.configuration.accountThrottle
        var failures = 0
        var waits: [Int64] = []
        // Each attempt from a fresh address, so only the account key counts; wait out every delay.
        for attempt in 1...100 where waits.last != policy.lockDuration {
            let client = ClientInfo(ip: "192.0.2.\(attempt)", userAgent: "curl/8")
            switch try f.portal.auth.signIn(email: f.owner.email, password: "wrong \(attempt)", client: client).refusal {
            case .invalid: failures += 1
            case .throttled(let wait):
                waits.append(wait)
                if wait != policy.lockDuration { f.clock.advance(by: TimeInterval(wait)) }
            default: Issue.record("unexpected outcome")
            }
        }
        // Free attempts, then doubling delays (capped), then the lock after `lockAfter` failures.
        #expect(failures == policy.lockAfter)
        #expect(waits == (policy.freeAttempts..<policy.lockAfter).map { policy.delay(afterAttempts: $0) } + [policy.lockDuration])
        #expect(waits.prefix(3) == [2, 4, 8])
        let locks = try f.audits("auth.locked")
        #expect(locks.count == 1)
        #expect(locks.first?.facts["scope"] == "account" && locks.first?.targetID == f.owner.id)
        // Even the right password is refused while locked, before any hashing.
        let runs = f.portal.auth.statistics.kdfRuns
        #expect(try f.portal.auth.signIn(email: f.owner.email, password: AuthFixture.password, client: f.client).refusal != nil)
        #expect(f.portal.auth.statistics.kdfRuns == runs)
        // Once the lock is over, the right password works and clears the account's count.
        f.clock.advance(by: TimeInterval(policy.lockDuration))
        _ = try f.signIn(f.owner.email)
        #expect(try f.portal.auth.signIn(email: f.owner.email, password: "wrong again", client: f.client).refusal == .invalid)
        #expect(try f.portal.auth.signIn(email: f.owner.email, password: "wrong again", client: f.client).refusal == .invalid)
    }

    @Test func unknownAccountsAreThrottledAlike() throws {
        let f = try AuthFixture()
        let policy = f.portal.auth.configuration.accountThrottle
        func refusals(_ email: String) throws -> [AuthRefusal?] {
            try (1...policy.freeAttempts + 1).map { attempt in
                try f.portal.auth.signIn(
                    email: email, password: "wrong", client: ClientInfo(ip: "192.0.2.\(attempt)", userAgent: "x")
                ).refusal
            }
        }
        #expect(try refusals(f.tenantAdmin.email) == refusals("nobody@pulse.example"))
    }

    @Test func addressThrottleCoversManyAccountsAndABurstCostsAlmostNoHashing() throws {
        let f = try AuthFixture()
        let policy = f.portal.auth.configuration.addressThrottle
        let before = f.portal.auth.statistics
        var throttled = 0
        for attempt in 0..<1_000 {
            let outcome = try f.portal.auth.signIn(
                email: "user\(attempt)@spray.example", password: "Winter2026!", client: f.client)
            if case .throttled = outcome.refusal { throttled += 1 }
        }
        let after = f.portal.auth.statistics
        #expect(after.kdfRuns - before.kdfRuns == policy.freeAttempts)
        #expect(throttled == 1_000 - policy.freeAttempts)
        // Another address is not affected.
        _ = try f.signIn(f.tenantAdmin.email, client: ClientInfo(ip: "198.51.100.20", userAgent: "x"))
    }

    @Test func concurrentBurstIsCountedBeforeHashing() async throws {
        let f = try AuthFixture()
        let portal = f.portal
        let email = f.owner.email
        let results = await withTaskGroup(of: AuthRefusal?.self) { group in
            for attempt in 0..<40 {
                group.addTask {
                    let client = ClientInfo(ip: "192.0.2.\(attempt)", userAgent: "x")
                    return try? portal.auth.signIn(email: email, password: "wrong", client: client).refusal
                }
            }
            var all: [AuthRefusal?] = []
            for await result in group { all.append(result) }
            return all
        }
        // However they interleave, at most the free attempts reach the password check.
        let checked = results.filter { $0 == .invalid || $0 == .busy }.count
        #expect(checked <= f.portal.auth.configuration.accountThrottle.freeAttempts)
        #expect(f.portal.auth.statistics.kdfRuns <= f.portal.auth.configuration.accountThrottle.freeAttempts + 1)
    }
}

extension AuthFixture {
    /// Rows in a table.
    func count(_ table: String) throws -> Int64 {
        try portal.database.read { db in try db.int("SELECT count(*) FROM \(table)") ?? 0 }
    }
}

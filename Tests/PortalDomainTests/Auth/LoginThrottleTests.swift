import Testing

@testable import PortalDomain

@Suite struct LoginThrottleTests {
    @Test func delaysGrowThenCap() {
        let policy = ThrottlePolicy(freeAttempts: 3, baseDelay: 2, maxDelay: 60, lockAfter: 10, lockDuration: 900, window: 3_600)
        #expect((1...10).map { policy.delay(afterAttempts: $0) } == [0, 0, 2, 4, 8, 16, 32, 60, 60, 60])
        #expect(policy.delay(afterAttempts: 1_000) == 60)
    }

    @Test func quietWindowStartsOver() throws {
        let f = try AuthFixture()
        let throttle = LoginThrottle(
            context: ServiceContext(database: f.portal.database, clock: f.clock, keyring: f.portal.keyring))
        let policy = ThrottlePolicy(freeAttempts: 1, baseDelay: 5, maxDelay: 5, lockAfter: 2, lockDuration: 100, window: 600)
        let key = ThrottleKey(id: "test:key", scope: .account, policy: policy)
        #expect(try throttle.admit([key]) == .admitted)
        #expect(try throttle.admit([key]) == .refused(retryAfter: 5))
        f.clock.advance(by: 5)
        #expect(try throttle.admit([key]) == .admitted)
        let locks = try f.portal.database.write { tx in try LoginThrottle.recordFailure(tx, [key], at: f.clock.seconds) }
        #expect(locks.map(\.until) == [f.clock.seconds + 100])
        #expect(try throttle.admit([key]) == .refused(retryAfter: 100))
        f.clock.advance(by: 100)
        // The lock is over but the count stands: the next failure locks again.
        #expect(try throttle.admit([key]) == .admitted)
        #expect(try f.portal.database.write { tx in try LoginThrottle.recordFailure(tx, [key], at: f.clock.seconds) }.count == 1)
        f.clock.advance(by: 100 + 600)
        #expect(try throttle.admit([key]) == .admitted)
        #expect(try f.portal.database.write { tx in try LoginThrottle.recordFailure(tx, [key], at: f.clock.seconds) }.isEmpty)
        // Stale entries are pruned.
        f.clock.advance(by: 601)
        #expect(try f.portal.database.write { tx in try LoginThrottle.prune(tx, at: f.clock.seconds, window: 600) } == 1)
    }

    @Test func accountKeysHideTheAddressAndFoldCase() {
        let keyring = SecretKeyring.random()
        let policy = AuthConfiguration().accountThrottle
        let a = ThrottleKey.account(email: " Anna@Pulse.example", keyring: keyring, policy: policy)
        let b = ThrottleKey.account(email: "anna@pulse.example", keyring: keyring, policy: policy)
        #expect(a == b)
        #expect(!a.id.contains("anna"))
        #expect(a != ThrottleKey.account(email: "anna@pulse.example", keyring: .random(), policy: policy))
    }

    @Test func addressesAreNormalized() {
        #expect(ThrottleKey.normalizedAddress("203.0.113.5") == "203.0.113.5")
        #expect(ThrottleKey.normalizedAddress("::ffff:203.0.113.5") == "203.0.113.5")
        #expect(ThrottleKey.normalizedAddress("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64")
        #expect(ThrottleKey.normalizedAddress("[2001:DB8:1:2::9]") == "2001:db8:1:2::/64")
        #expect(ThrottleKey.normalizedAddress("2001:db8::1") == ThrottleKey.normalizedAddress("2001:db8:0:0:ffff::2"))
        #expect(ThrottleKey.normalizedAddress("not an address") == "not an address")
    }
}

/// Counters of the authentication services since start-up, for `/metrics` and for tests that must
/// see which work was done (a password check of an unknown account verifies the dummy hash).
public struct AuthStatistics: Sendable, Equatable {
    /// Password derivations run (verifications and new hashes).
    public var kdfRuns = 0
    /// Verifications against the dummy hash (unknown, password-less or disabled accounts).
    public var dummyVerifications = 0
    /// Sign-ins that produced a session.
    public var signIns = 0
    /// Password or code checks that failed.
    public var failures = 0
    /// Attempts refused by the throttle before any hashing.
    public var throttled = 0
    /// Attempts refused because the KDF gate was full.
    public var busy = 0
    /// Throttle keys locked.
    public var locks = 0
}

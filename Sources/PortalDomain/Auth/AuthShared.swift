import Synchronization

/// The state the sign-in, session and two-factor services share: configuration, the KDF gate, the
/// dummy hash and the counters.
final class AuthShared: Sendable {
    /// The policy.
    let configuration: AuthConfiguration
    /// The cap on concurrent password hashing.
    let gate: KDFGate
    private let counters = Mutex(AuthStatistics())
    private let dummy = Mutex<String?>(nil)

    /// Shared state for `configuration`.
    init(configuration: AuthConfiguration) {
        self.configuration = configuration
        gate = KDFGate(
            concurrency: configuration.kdfConcurrency, queue: configuration.kdfQueue, maxWait: configuration.kdfMaxWait)
    }

    /// A snapshot of the counters.
    var statistics: AuthStatistics { counters.withLock { $0 } }

    /// Bumps counters.
    func count(_ update: (inout AuthStatistics) -> Void) { counters.withLock { update(&$0) } }

    /// A hash of a random password made with the current hasher: what unknown accounts are verified
    /// against, so their check costs exactly what a real one does. Made once, on first use.
    func dummyHash() throws -> String {
        if let hash = dummy.withLock({ $0 }) { return hash }
        let hash = try configuration.hasher.hash(ByteEncoding.base64URL(Crypto.randomBytes(24)))
        count { $0.kdfRuns += 1 }
        return dummy.withLock { stored in
            if let stored { return stored }
            stored = hash
            return hash
        }
    }
}

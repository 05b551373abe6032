/// Sign-in, session and throttling settings. The defaults are the production policy; tests shorten
/// them and use a cheaper password hasher.
public struct AuthConfiguration: Sendable {
    /// A session unused for this long ends (seconds; 30 minutes).
    public var idleTimeout: Int64 = 1_800
    /// A session ends this long after sign-in whatever its use (seconds; 12 hours).
    public var absoluteLifetime: Int64 = 43_200
    /// A session whose password was verified must pass the second factor within this (seconds).
    public var secondFactorTimeout: Int64 = 600
    /// `last_seen_at` is written at most this often per session (seconds), so reads stay reads.
    public var touchInterval: Int64 = 60
    /// Most live sessions per user; signing in beyond it ends the least recently used one.
    public var maxSessionsPerUser = 20
    /// How recent the second factor must be for a dangerous action (seconds; 15 minutes).
    public var stepUpWindow: Int64 = 900
    /// Throttle per account (password) and per user (codes).
    public var accountThrottle = ThrottlePolicy(
        freeAttempts: 3, baseDelay: 2, maxDelay: 60, lockAfter: 10, lockDuration: 900, window: 3_600)
    /// Throttle per client address (many people may share one).
    public var addressThrottle = ThrottlePolicy(
        freeAttempts: 10, baseDelay: 1, maxDelay: 30, lockAfter: 50, lockDuration: 900, window: 3_600)
    /// The password hashing policy (new hashes, the dummy hash for unknown users, rehash decisions).
    public var hasher = PasswordHasher.standard
    /// Password derivations allowed to run at once (each takes ~100 ms of a core and 32 MiB).
    public var kdfConcurrency = 2
    /// Password checks allowed to wait for a slot; more are refused as busy at once, so password
    /// hashing never occupies every worker thread.
    public var kdfQueue = 1
    /// How long a password check waits for a slot before it is refused as busy (seconds).
    public var kdfMaxWait: Double = 2

    /// The production policy.
    public init() {}
}

/// Growing delays, then a timed lock, for one kind of throttle key.
///
/// The first `freeAttempts` attempts in a window start at once; after attempt `n >= freeAttempts`
/// the next one waits `baseDelay * 2^(n - freeAttempts)` seconds (at most `maxDelay`). A failure that brings the count to `lockAfter` locks the key for `lockDuration`.
/// A key with no attempt for `window` seconds starts over; a success clears a per-account key.
public struct ThrottlePolicy: Sendable, Equatable {
    /// Attempts allowed without delay.
    public var freeAttempts: Int
    /// First delay, in seconds.
    public var baseDelay: Int64
    /// Longest delay between attempts, in seconds.
    public var maxDelay: Int64
    /// Failures that lock the key.
    public var lockAfter: Int
    /// How long a lock lasts, in seconds.
    public var lockDuration: Int64
    /// Quiet time after which the count starts over, in seconds.
    public var window: Int64

    /// A policy; see the type's description for the meaning of each value.
    public init(freeAttempts: Int, baseDelay: Int64, maxDelay: Int64, lockAfter: Int, lockDuration: Int64, window: Int64) {
        precondition(freeAttempts >= 1 && baseDelay >= 1 && maxDelay >= baseDelay && lockAfter > freeAttempts)
        self.freeAttempts = freeAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.lockAfter = lockAfter
        self.lockDuration = lockDuration
        self.window = window
    }

    /// Seconds the next attempt must wait after `attempts` attempts in the window.
    public func delay(afterAttempts attempts: Int) -> Int64 {
        guard attempts >= freeAttempts else { return 0 }
        let doublings = min(attempts - freeAttempts, 30)
        return min(baseDelay << Int64(doublings), maxDelay)
    }
}

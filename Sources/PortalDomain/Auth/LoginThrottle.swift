/// Per-account, per-user and per-address throttling of password and code attempts, decided before
/// any hashing: a refused attempt costs one indexed read.
///
/// `admit` counts an attempt up front (so a burst of concurrent attempts sees each other) and sets
/// the delay the next one must wait; `recordFailure` locks keys that reached their limit, in the
/// transaction that audits the failure; `recordSuccess` clears the account and code keys. A lock
/// that has run out leaves the count, so while attempts keep coming every further failure locks
/// again; an hour without attempts (`window`) starts over.
struct LoginThrottle {
    /// The throttle's decision on one attempt.
    enum Admission: Equatable {
        /// Go ahead (the attempt is counted).
        case admitted
        /// Refused; the earliest retry is this many seconds away.
        case refused(retryAfter: Int64)
    }

    /// A key that `recordFailure` locked.
    struct Lock: Equatable {
        /// The key.
        let key: ThrottleKey
        /// Attempts counted when it locked.
        let attempts: Int
        /// Until when (UTC seconds).
        let until: Int64
    }

    /// The shared database and clock.
    let context: ServiceContext

    /// Refuses the attempt when any key is locked or waiting; otherwise counts it on every key.
    func admit(_ keys: [ThrottleKey]) throws -> Admission {
        // A refused attempt never takes the writer lock: check on a reader first.
        if let wait = try context.read({ db, now in try LoginThrottle.wait(db, keys, at: now) }) {
            return .refused(retryAfter: wait)
        }
        return try context.write { tx, now in
            if let wait = try LoginThrottle.wait(tx, keys, at: now) { return .refused(retryAfter: wait) }
            for key in keys {
                let current = try LoginThrottle.entry(tx, key, at: now)
                let attempts = (current?.attempts ?? 0) + 1
                try tx.run(
                    """
                    INSERT INTO auth_throttle (key, attempts, last_attempt_at, next_allowed_at, locked_until)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET attempts = excluded.attempts, last_attempt_at = excluded.last_attempt_at,
                        next_allowed_at = excluded.next_allowed_at, locked_until = excluded.locked_until
                    """,
                    [key.id, attempts, now, now + key.policy.delay(afterAttempts: attempts), current?.lockedUntil ?? 0])
            }
            return .admitted
        }
    }

    /// After a failed check, inside its audit transaction: locks every key whose count reached its
    /// limit and is not locked yet, and returns those locks (each is audited by the caller).
    static func recordFailure(_ tx: SQLiteConnection, _ keys: [ThrottleKey], at now: Int64) throws -> [Lock] {
        var locks: [Lock] = []
        for key in keys {
            guard let current = try entry(tx, key, at: now), current.attempts >= key.policy.lockAfter,
                current.lockedUntil <= now
            else { continue }
            let until = now + key.policy.lockDuration
            try tx.run("UPDATE auth_throttle SET locked_until = ? WHERE key = ?", [until, key.id])
            locks.append(Lock(key: key, attempts: current.attempts, until: until))
        }
        return locks
    }

    /// After a successful check: forgets the account and code keys (address keys run out on their own,
    /// so one good account cannot launder an address's failures).
    static func recordSuccess(_ tx: SQLiteConnection, _ keys: [ThrottleKey]) throws {
        for key in keys where key.scope != .address {
            try tx.run("DELETE FROM auth_throttle WHERE key = ?", [key.id])
        }
    }

    /// Drops entries that neither wait nor lock and whose window has passed; returns how many.
    static func prune(_ tx: SQLiteConnection, at now: Int64, window: Int64) throws -> Int {
        try tx.run(
            "DELETE FROM auth_throttle WHERE last_attempt_at <= ? AND next_allowed_at <= ? AND locked_until <= ?",
            [now - window, now, now])
    }

    /// A key's stored count, nil when absent or its window has passed.
    private static func entry(_ db: SQLiteConnection, _ key: ThrottleKey, at now: Int64) throws
        -> (attempts: Int, nextAllowedAt: Int64, lockedUntil: Int64)?
    {
        guard
            let row = try db.row(
                "SELECT attempts, last_attempt_at, next_allowed_at, locked_until FROM auth_throttle WHERE key = ?", [key.id])
        else { return nil }
        let lockedUntil = row.int64(3)
        if now - row.int64(1) >= key.policy.window && lockedUntil <= now { return nil }
        return (row.int(0), row.int64(2), lockedUntil)
    }

    /// Seconds until every key admits an attempt, nil when they all do now.
    private static func wait(_ db: SQLiteConnection, _ keys: [ThrottleKey], at now: Int64) throws -> Int64? {
        var longest: Int64 = 0
        for key in keys {
            guard let current = try entry(db, key, at: now) else { continue }
            longest = max(longest, max(current.lockedUntil, current.nextAllowedAt) - now)
        }
        return longest > 0 ? longest : nil
    }
}

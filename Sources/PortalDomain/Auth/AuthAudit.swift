/// The audit entries of failed checks and throttle locks, written inside the caller's transaction.
enum AuthAudit {
    /// Audits a failed password or code check as `actor` (anonymous before sign-in), then locks the
    /// keys that reached their limit and audits each lock; returns how many locked. The e-mail of an
    /// unknown account is never recorded.
    static func failure(
        _ tx: SQLiteConnection, action: String, user: User?, reason: String, client: ClientInfo, actor: ActingUser,
        keys: [ThrottleKey], at now: Int64
    ) throws -> Int {
        var record = AuditRecord(
            action: action, tenantID: user?.tenantID, targetType: user == nil ? nil : "user", targetID: user?.id)
        record.facts = ["browser": client.browser, "reason": reason]
        try AuditWriter.append(tx, record, actor: actor, at: now)
        let locks = try LoginThrottle.recordFailure(tx, keys, at: now)
        for lock in locks {
            // An address lock is about the address, not the account that happened to be tried last.
            let aboutUser = lock.key.scope != .address ? user : nil
            var entry = AuditRecord(
                action: "auth.locked", tenantID: aboutUser?.tenantID, targetType: aboutUser == nil ? nil : "user",
                targetID: aboutUser?.id)
            entry.facts = ["scope": lock.key.scope.rawValue, "attempts": String(lock.attempts), "until": String(lock.until)]
            try AuditWriter.append(tx, entry, actor: actor, at: now)
        }
        return locks.count
    }
}

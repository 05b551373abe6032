/// Session SQL shared by the session, sign-in and two-factor services (always inside the caller's
/// transaction).
enum SessionStore {
    /// The selected columns, in the order `record` reads them.
    static let columns = """
        id, user_id, state, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip, user_agent, browser,
        second_factor_at, rotated_at, revoked_at
        """

    /// Maps one row of `columns` (starting at `offset`) to a record.
    static func record(_ row: Row, offset: Int = 0) -> SessionRecord {
        SessionRecord(
            id: row.int64(offset), userID: row.int64(offset + 1),
            state: SessionState(rawValue: row.string(offset + 2)) ?? .awaitingSecondFactor, createdAt: row.int64(offset + 3),
            lastSeenAt: row.int64(offset + 4), idleExpiresAt: row.int64(offset + 5), absoluteExpiresAt: row.int64(offset + 6),
            ip: row.string(offset + 7), userAgent: row.string(offset + 8), browser: row.string(offset + 9),
            secondFactorAt: row.optionalInt64(offset + 10), rotatedAt: row.optionalInt64(offset + 11),
            revokedAt: row.optionalInt64(offset + 12))
    }

    /// A session by id, live or not.
    static func record(_ db: SQLiteConnection, id: Int64) throws -> SessionRecord? {
        try db.row("SELECT \(columns) FROM sessions WHERE id = ?", [id]).map { record($0) }
    }

    /// The idle deadline of a session in `state` touched at `now`: a session awaiting its second factor
    /// gets the short timeout, every other one the idle timeout; never past the absolute expiry.
    static func idleDeadline(
        state: SessionState, at now: Int64, absolute: Int64, configuration: AuthConfiguration
    ) -> Int64 {
        let timeout = state == .awaitingSecondFactor ? configuration.secondFactorTimeout : configuration.idleTimeout
        return min(now + timeout, absolute)
    }

    /// Creates a session for `user` and returns its token (shown once) and record. Beyond
    /// `maxSessionsPerUser` live sessions the least recently used one is revoked.
    static func create(
        _ tx: SQLiteConnection, user: User, state: SessionState, secondFactorAt: Int64?, client: ClientInfo, at now: Int64,
        configuration: AuthConfiguration
    ) throws -> (token: String, record: SessionRecord) {
        let live = try tx.rows(
            """
            SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND idle_expires_at > ?
                AND absolute_expires_at > ? ORDER BY last_seen_at, id
            """, [user.id, now, now]
        ).map { $0.int64(0) }
        for id in live.prefix(max(0, live.count - configuration.maxSessionsPerUser + 1)) {
            _ = try revoke(tx, id: id, reason: "limit", at: now)
        }
        let (token, hash) = SessionToken.generate()
        let absolute = now + configuration.absoluteLifetime
        let id = try tx.insert(
            """
            INSERT INTO sessions (token_hash, user_id, state, created_at, last_seen_at, idle_expires_at, absolute_expires_at,
                ip, user_agent, browser, second_factor_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                hash, user.id, state, now, now,
                idleDeadline(state: state, at: now, absolute: absolute, configuration: configuration), absolute, client.ip,
                client.userAgent, client.browser, secondFactorAt,
            ])
        guard let record = try record(tx, id: id) else { throw DomainError.notFound("session \(id)") }
        return (token, record)
    }

    /// Replaces a live session's token (the old one stops working at once) and returns the new one.
    static func rotate(_ tx: SQLiteConnection, id: Int64, at now: Int64) throws -> String {
        let (token, hash) = SessionToken.generate()
        let changed = try tx.run(
            "UPDATE sessions SET token_hash = ?, rotated_at = ? WHERE id = ? AND revoked_at IS NULL", [hash, now, id])
        guard changed == 1 else { throw DomainError.notFound("session \(id)") }
        return token
    }

    /// Moves a session to `state` (after a second factor, a password change or an enrolment), with a
    /// fresh idle deadline, and records `secondFactorAt` when given.
    static func advance(
        _ tx: SQLiteConnection, id: Int64, to state: SessionState, secondFactorAt: Int64?, at now: Int64,
        configuration: AuthConfiguration
    ) throws {
        guard let session = try record(tx, id: id), session.isLive(at: now) else {
            throw DomainError.notFound("session \(id)")
        }
        try tx.run(
            """
            UPDATE sessions SET state = ?, second_factor_at = coalesce(?, second_factor_at), last_seen_at = ?,
                idle_expires_at = ? WHERE id = ?
            """,
            [
                state, secondFactorAt, now,
                idleDeadline(state: state, at: now, absolute: session.absoluteExpiresAt, configuration: configuration), id,
            ])
    }

    /// Revokes a live session; false when it was not live.
    static func revoke(_ tx: SQLiteConnection, id: Int64, reason: String, at now: Int64) throws -> Bool {
        try tx.run(
            "UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL", [now, reason, id]) == 1
    }

    /// Revokes every live session of `userID` except `keeping`; returns how many.
    static func revokeAll(_ tx: SQLiteConnection, userID: Int64, keeping: Int64?, reason: String, at now: Int64) throws -> Int {
        try tx.run(
            """
            UPDATE sessions SET revoked_at = ?, revoke_reason = ?
            WHERE user_id = ? AND id IS NOT ? AND revoked_at IS NULL AND idle_expires_at > ? AND absolute_expires_at > ?
            """, [now, reason, userID, keeping, now, now])
    }
}

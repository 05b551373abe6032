/// Server-side sessions: resolving the cookie's token, token rotation, the user's session list,
/// revocation and expiry.
///
/// Tokens are 256 random bits; only their SHA-256 is stored. A session ends `idleTimeout` after its
/// last request or `absoluteLifetime` after sign-in, whichever comes first; one awaiting its second
/// factor ends `secondFactorTimeout` after the password. Revoked and expired rows are deleted by the
/// `expire-sessions` job.
public struct SessionService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext
    /// Configuration.
    let shared: AuthShared

    /// The live session of `token` with its user, or nil (unknown, malformed, revoked, expired, or a
    /// disabled user). Records the request (time, address) at most once per `touchInterval`, which
    /// also pushes the idle deadline out.
    public func resolve(token: String, client: ClientInfo? = nil) throws -> ActiveSession? {
        guard let hash = SessionToken.hash(token) else { return nil }
        let found = try context.read { db, now -> (SessionRecord, User, String)? in
            guard
                let row = try db.row(
                    """
                    SELECT \(SessionStore.columns), (SELECT coalesce(u.time_zone, t.time_zone, 'UTC') FROM users u
                        LEFT JOIN tenants t ON t.id = u.tenant_id WHERE u.id = sessions.user_id)
                    FROM sessions WHERE token_hash = ?
                    """, [hash])
            else { return nil }
            let record = SessionStore.record(row)
            guard record.isLive(at: now), let user = try UserStore.user(db, id: record.userID), user.status == .active else {
                return nil
            }
            return (record, user, row.string(13))
        }
        guard let found else { return nil }
        var record = found.0
        let (user, timeZone) = (found.1, found.2)
        let configuration = shared.configuration
        if record.state != .awaitingSecondFactor, context.now - record.lastSeenAt >= configuration.touchInterval {
            record = try context.write { tx, now in
                try tx.run(
                    "UPDATE sessions SET last_seen_at = ?, idle_expires_at = ?, ip = coalesce(?, ip) WHERE id = ?",
                    [
                        now,
                        SessionStore.idleDeadline(
                            state: record.state, at: now, absolute: record.absoluteExpiresAt, configuration: configuration),
                        client?.ip, record.id,
                    ])
                return try SessionStore.record(tx, id: record.id) ?? record
            }
        }
        let state = record.state == .awaitingSecondFactor ? .awaitingSecondFactor : SessionState.after(user: user)
        return ActiveSession(
            record: record, user: user, state: state, timeZone: timeZone, csrfToken: csrfToken(sessionID: record.id))
    }

    /// The CSRF token of a session: an HMAC of its id under the data directory's key, so nothing is
    /// stored, it survives token rotation, and it cannot be derived without the key.
    public func csrfToken(sessionID: Int64) -> String {
        var id = UInt64(bitPattern: sessionID).bigEndian
        let bytes = withUnsafeBytes(of: &id) { Array($0) }
        return ByteEncoding.base64URL(context.keyring.mac(bytes, purpose: "csrf-session"))
    }

    /// A session by id (live or not).
    public func session(_ id: Int64) throws -> SessionRecord? {
        try context.read { db, _ in try SessionStore.record(db, id: id) }
    }

    /// Gives a live session a new token and returns it; the old token stops working at once. Called at
    /// every privilege change (the sign-in services do it themselves; impersonation start, stop and
    /// elevation call it).
    public func rotate(_ id: Int64) throws -> String {
        try context.write { tx, now in try SessionStore.rotate(tx, id: id, at: now) }
    }

    /// The live sessions of the actor themself, most recently used first.
    public func list(userID: Int64, by actor: ActingUser) throws -> [SessionRecord] {
        guard actor.userID == userID, actor.impersonatorUserID == nil else {
            throw DomainError.notPermitted("only the user sees their sessions")
        }
        return try context.read { db, now in
            try db.rows(
                """
                SELECT \(SessionStore.columns) FROM sessions
                WHERE user_id = ? AND revoked_at IS NULL AND idle_expires_at > ? AND absolute_expires_at > ?
                ORDER BY last_seen_at DESC, id DESC
                """, [userID, now, now]
            ).map { SessionStore.record($0) }
        }
    }

    /// Signs out: revokes the session the request came with. Audited `auth.signed_out`.
    public func signOut(_ id: Int64, by actor: ActingUser) throws {
        try context.write { tx, now in
            guard let session = try SessionStore.record(tx, id: id), session.userID == actor.userID else { return }
            guard try SessionStore.revoke(tx, id: id, reason: "signed_out", at: now) else { return }
            let user = try UserStore.user(tx, id: session.userID)
            let record = AuditRecord(action: "auth.signed_out", tenantID: user?.tenantID, targetType: "session", targetID: id)
            try AuditWriter.append(tx, record, actor: actor, at: now)
        }
    }

    /// Revokes one of the actor's own sessions ("sign out" in the session list). Audited.
    public func revoke(_ id: Int64, by actor: ActingUser) throws {
        guard actor.impersonatorUserID == nil else {
            throw DomainError.notPermitted("sessions cannot be revoked while impersonating")
        }
        try context.write { tx, now in
            guard let session = try SessionStore.record(tx, id: id), session.userID == actor.userID, session.isLive(at: now),
                try SessionStore.revoke(tx, id: id, reason: "revoked", at: now)
            else { throw DomainError.notFound("session \(id)") }
            let user = try UserStore.user(tx, id: session.userID)
            var record = AuditRecord(
                action: "auth.session_revoked", tenantID: user?.tenantID, targetType: "session", targetID: id)
            record.facts = ["browser": session.browser, "count": "1"]
            try AuditWriter.append(tx, record, actor: actor, at: now)
        }
    }

    /// Revokes every live session of the actor but `keeping` (the current one); returns how many.
    /// Audited once with the count.
    @discardableResult
    public func revokeOthers(keeping id: Int64, by actor: ActingUser) throws -> Int {
        guard let userID = actor.userID, actor.impersonatorUserID == nil else {
            throw DomainError.notPermitted("sessions cannot be revoked while impersonating")
        }
        return try context.write { tx, now in
            let count = try SessionStore.revokeAll(tx, userID: userID, keeping: id, reason: "revoked", at: now)
            guard count > 0 else { return 0 }
            let user = try UserStore.user(tx, id: userID)
            var record = AuditRecord(
                action: "auth.session_revoked", tenantID: user?.tenantID, targetType: "user", targetID: userID)
            record.facts = ["count": String(count), "scope": "others"]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return count
        }
    }

    /// Revokes every live session of `userID` (the user themself, or an owner admin for staff, e.g.
    /// after a compromise); returns how many. Audited.
    @discardableResult
    public func revokeAll(userID: Int64, by actor: ActingUser) throws -> Int {
        guard actor.impersonatorUserID == nil, actor.userID == userID || actor.isSystem || actor.role.can(.manageStaff) else {
            throw DomainError.notPermitted("only the user or an owner admin may end these sessions")
        }
        return try context.write { tx, now in
            guard let user = try UserStore.user(tx, id: userID) else { throw DomainError.notFound("user \(userID)") }
            let count = try SessionStore.revokeAll(tx, userID: userID, keeping: nil, reason: "revoked_all", at: now)
            var record = AuditRecord(
                action: "auth.session_revoked", tenantID: user.tenantID, targetType: "user", targetID: userID)
            record.facts = ["count": String(count), "scope": "all"]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return count
        }
    }

    /// Deletes revoked and expired sessions and stale throttle entries (the `expire-sessions` job);
    /// returns how many sessions went.
    @discardableResult
    public func expire() throws -> Int {
        let window = max(shared.configuration.accountThrottle.window, shared.configuration.addressThrottle.window)
        return try context.write { tx, now in
            let removed = try tx.run(
                "DELETE FROM sessions WHERE revoked_at IS NOT NULL OR idle_expires_at <= ? OR absolute_expires_at <= ?",
                [now, now])
            _ = try LoginThrottle.prune(tx, at: now, window: window)
            return removed
        }
    }
}

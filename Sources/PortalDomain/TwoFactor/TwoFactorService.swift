/// TOTP second factor: the code step of sign-in, step-up for dangerous actions, enrolment, disabling
/// (tenant users only) and recovery codes. Every code check is throttled per user and per address
/// like passwords, a time step is never accepted twice, and every outcome is audited.
public struct TwoFactorService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext
    /// Configuration and counters.
    let shared: AuthShared

    /// What a code turned out to be.
    enum CodeKind: Equatable {
        /// A TOTP code of this time step.
        case totp(step: Int64)
        /// A recovery code (now used).
        case recovery(remaining: Int)

        /// `totp` or `recovery_code`, for audit facts.
        var method: String {
            if case .totp = self { "totp" } else { "recovery_code" }
        }
    }

    /// The end of a code check's transaction.
    enum Checked<T: Sendable>: Sendable {
        /// The code matched; `success` returned this.
        case accepted(T)
        /// It did not; this many throttle keys locked.
        case failed(locks: Int)
    }

    /// The user's second-factor settings.
    public func status(userID: Int64) throws -> TwoFactorStatus {
        try context.read { db, _ in
            guard let row = try db.row("SELECT totp_enabled, totp_secret IS NOT NULL, role FROM users WHERE id = ?", [userID])
            else { throw DomainError.notFound("user \(userID)") }
            return TwoFactorStatus(
                enabled: row.bool(0), pending: !row.bool(0) && row.bool(1),
                recoveryCodesLeft: try RecoveryCodes.remaining(db, userID: userID),
                required: (Role(rawValue: row.string(2)) ?? .client).isOwnerStaff)
        }
    }

    /// True when a dangerous action needs a fresh code first: the session's last second-factor check
    /// (`secondFactorAt`) is older than `stepUpWindow`, or there was none.
    public func needsStepUp(secondFactorAt: Int64?) -> Bool {
        guard let secondFactorAt else { return true }
        return context.now - secondFactorAt > shared.configuration.stepUpWindow
    }

    /// The second step of sign-in: a TOTP code or an unused recovery code for a session awaiting it.
    /// On success the session gets a new token (returned) and the state its user needs next.
    public func completeSignIn(session sessionID: Int64, code: String, client: ClientInfo) throws -> AuthOutcome<SessionGrant> {
        let (session, user) = try context.read { db, now -> (SessionRecord, User) in
            guard let session = try SessionStore.record(db, id: sessionID), session.isLive(at: now),
                session.state == .awaitingSecondFactor, let user = try UserStore.user(db, id: session.userID),
                user.status == .active, user.totpEnabled
            else { throw DomainError.notFound("session \(sessionID)") }
            return (session, user)
        }
        return try check(
            user: user, code: code, allowRecovery: true, client: client, actor: client.actor(user),
            failureAction: "auth.second_factor_failed"
        ) { tx, now, kind in
            let token = try SessionStore.rotate(tx, id: session.id, at: now)
            try SessionStore.advance(
                tx, id: session.id, to: SessionState.after(user: user), secondFactorAt: now, at: now,
                configuration: shared.configuration)
            var record = AuditRecord(
                action: "auth.second_factor", tenantID: user.tenantID, targetType: "session", targetID: session.id)
            record.facts = ["browser": client.browser, "method": kind.method]
            try AuditWriter.append(tx, record, actor: client.actor(user), at: now)
            guard let updated = try SessionStore.record(tx, id: session.id) else { throw DomainError.notFound("session") }
            return SessionGrant(token: token, session: updated, user: user)
        }
    }

    /// Step-up before a dangerous action (`action` names it for the audit log, e.g. `tenant.suspend`):
    /// a fresh TOTP code (recovery codes do not count) renews the session's `secondFactorAt`, which
    /// is returned.
    public func stepUp(session sessionID: Int64, code: String, action: String, client: ClientInfo, by actor: ActingUser) throws
        -> AuthOutcome<Int64>
    {
        let (session, credentials) = try context.ownSession(sessionID, actor: actor)
        guard credentials.user.totpEnabled, session.state == .full else {
            throw DomainError.notPermitted("step-up needs a signed-in session with two-factor sign-in enabled")
        }
        return try check(
            user: credentials.user, code: code, allowRecovery: false, client: client, actor: actor,
            failureAction: "auth.step_up_failed"
        ) { tx, now, _ in
            try tx.run("UPDATE sessions SET second_factor_at = ? WHERE id = ?", [now, session.id])
            var record = AuditRecord(
                action: "auth.step_up", tenantID: credentials.user.tenantID, targetType: "session", targetID: session.id)
            record.facts = ["for": String(action.prefix(120))]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return now
        }
    }

    /// Shared code check: throttle, match (TOTP of an adjacent step not used before, or an unused
    /// recovery code when `allowRecovery`), then `success` in the same transaction that records the
    /// step or spends the code; a failure is audited as `failureAction` with any lock it causes.
    func check<T: Sendable>(
        user: User, code: String, allowRecovery: Bool, client: ClientInfo, actor: ActingUser, failureAction: String,
        success: (SQLiteConnection, Int64, CodeKind) throws -> T
    ) throws -> AuthOutcome<T> {
        let configuration = shared.configuration
        let keys = [
            ThrottleKey.code(userID: user.id, policy: configuration.accountThrottle),
            ThrottleKey.address(client.ip, kind: "code", policy: configuration.addressThrottle),
        ]
        if case .refused(let wait) = try LoginThrottle(context: context).admit(keys) {
            shared.count { $0.throttled += 1 }
            return .refused(.throttled(retryAfter: wait))
        }
        let typed = TOTPVerifier.normalize(code)
        let secret = try context.totpSecret(userID: user.id)
        let step = secret.flatMap { TOTPVerifier.matchingStep(secret: $0, code: typed, at: context.now) }
        let recovery = allowRecovery ? RecoveryCodes.normalize(code) : nil
        let keyring = context.keyring
        let checked = try context.write { tx, now -> Checked<T> in
            var kind: CodeKind?
            var reason = "wrong_code"
            if let step {
                let recorded = try tx.run(
                    "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
                    [step, user.id, step])
                if recorded == 1 { kind = .totp(step: step) } else { reason = "replayed_code" }
            } else if let recovery {
                let spent = try tx.run(
                    "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                    [now, user.id, RecoveryCodes.hash(recovery, userID: user.id, keyring: keyring)])
                if spent == 1 {
                    let remaining = try RecoveryCodes.remaining(tx, userID: user.id)
                    kind = .recovery(remaining: remaining)
                    var record = AuditRecord(
                        action: "auth.recovery_code_used", tenantID: user.tenantID, targetType: "user", targetID: user.id)
                    record.facts = ["remaining": String(remaining), "browser": client.browser]
                    try AuditWriter.append(tx, record, actor: actor, at: now)
                } else {
                    reason = "wrong_recovery_code"
                }
            }
            guard let kind else {
                let locks = try AuthAudit.failure(
                    tx, action: failureAction, user: user, reason: reason, client: client, actor: actor, keys: keys, at: now)
                return .failed(locks: locks)
            }
            try LoginThrottle.recordSuccess(tx, keys)
            return .accepted(try success(tx, now, kind))
        }
        switch checked {
        case .accepted(let value):
            return .success(value)
        case .failed(let locks):
            shared.count {
                $0.failures += 1
                $0.locks += locks
            }
            return .refused(.invalid)
        }
    }
}

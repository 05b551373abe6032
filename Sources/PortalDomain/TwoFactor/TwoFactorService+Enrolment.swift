extension TwoFactorService {
    /// The enrolment in progress for the session's user, started (a new secret, sealed at rest, not
    /// yet required at sign-in) when there is none or `restart` is set. A user with TOTP enabled has
    /// nothing to enrol (`conflict`).
    public func enrolment(session sessionID: Int64, restart: Bool = false, by actor: ActingUser) throws -> TOTPEnrolment {
        let (_, credentials) = try context.ownSession(sessionID, actor: actor)
        let user = credentials.user
        guard !user.totpEnabled else { throw DomainError.conflict("two-factor sign-in is already enabled") }
        if !restart, let secret = try context.totpSecret(userID: user.id) {
            return TOTPEnrolment(secret: secret, account: user.email)
        }
        let secret = TOTPSecret.generate()
        let sealed = try context.keyring.seal(Array(secret.utf8), context: "totp:user:\(user.id)")
        _ = try context.write { tx, _ in
            try tx.run(
                "UPDATE users SET totp_secret = ?, totp_enabled = 0, totp_last_step = NULL WHERE id = ? AND totp_enabled = 0",
                [sealed, user.id])
        }
        return TOTPEnrolment(secret: secret, account: user.email)
    }

    /// Confirms the enrolment with a first valid code: TOTP becomes required at sign-in, 10 new
    /// recovery codes are made (returned once), the session counts as second-factor checked and gets
    /// a new token. Audited `auth.totp_enrolled`.
    public func confirmEnrolment(session sessionID: Int64, code: String, client: ClientInfo, by actor: ActingUser) throws
        -> AuthOutcome<EnrolmentResult>
    {
        let (session, credentials) = try context.ownSession(sessionID, actor: actor)
        let user = credentials.user
        guard !user.totpEnabled else { throw DomainError.conflict("two-factor sign-in is already enabled") }
        guard session.state != .awaitingSecondFactor, try context.totpSecret(userID: user.id) != nil else {
            throw DomainError.conflict("start the enrolment first")
        }
        let keyring = context.keyring
        let configuration = shared.configuration
        return try check(
            user: user, code: code, allowRecovery: false, client: client, actor: actor, failureAction: "auth.totp_enrol_failed"
        ) { tx, now, _ in
            try tx.run("UPDATE users SET totp_enabled = 1 WHERE id = ?", [user.id])
            let codes = try RecoveryCodes.replace(tx, userID: user.id, keyring: keyring, at: now)
            let token = try SessionStore.rotate(tx, id: session.id, at: now)
            guard let updated = try UserStore.user(tx, id: user.id) else { throw DomainError.notFound("user \(user.id)") }
            try SessionStore.advance(
                tx, id: session.id, to: SessionState.after(user: updated), secondFactorAt: now, at: now,
                configuration: configuration)
            var record = AuditRecord(action: "auth.totp_enrolled", tenantID: user.tenantID, targetType: "user", targetID: user.id)
            record.changes = [.personal("totp_secret"), .value("totp_enabled", "false", "true")]
            record.facts = ["recovery_codes": String(codes.count), "browser": client.browser]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return EnrolmentResult(token: token, recoveryCodes: codes)
        }
    }

    /// Turns two-factor sign-in off, confirmed by a current code (or a recovery code): tenant users
    /// only, owner staff must keep it. The secret and recovery codes are deleted. Audited.
    public func disable(session sessionID: Int64, code: String, client: ClientInfo, by actor: ActingUser) throws
        -> AuthOutcome<Bool>
    {
        let (_, credentials) = try context.ownSession(sessionID, actor: actor)
        let user = credentials.user
        guard user.role.isTenantRole else {
            throw DomainError.notPermitted("owner staff must keep two-factor sign-in")
        }
        guard user.totpEnabled else { throw DomainError.conflict("two-factor sign-in is not enabled") }
        return try check(
            user: user, code: code, allowRecovery: true, client: client, actor: actor, failureAction: "auth.totp_disable_failed"
        ) { tx, now, _ in
            // The trigger `users_totp_cleared_drop_recovery` deletes the recovery codes.
            try tx.run(
                "UPDATE users SET totp_secret = NULL, totp_enabled = 0, totp_last_step = NULL WHERE id = ?", [user.id])
            var record = AuditRecord(action: "auth.totp_disabled", tenantID: user.tenantID, targetType: "user", targetID: user.id)
            record.changes = [.personal("totp_secret"), .value("totp_enabled", "true", "false")]
            record.facts = ["browser": client.browser]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return true
        }
    }

    /// Replaces the recovery codes with 10 new ones (returned once), confirmed by a current TOTP code.
    public func regenerateRecoveryCodes(session sessionID: Int64, code: String, client: ClientInfo, by actor: ActingUser) throws
        -> AuthOutcome<[String]>
    {
        let (_, credentials) = try context.ownSession(sessionID, actor: actor)
        let user = credentials.user
        guard user.totpEnabled else { throw DomainError.conflict("two-factor sign-in is not enabled") }
        let keyring = context.keyring
        return try check(
            user: user, code: code, allowRecovery: false, client: client, actor: actor,
            failureAction: "auth.recovery_codes_failed"
        ) { tx, now, _ in
            let codes = try RecoveryCodes.replace(tx, userID: user.id, keyring: keyring, at: now)
            var record = AuditRecord(
                action: "auth.recovery_codes_generated", tenantID: user.tenantID, targetType: "user", targetID: user.id)
            record.facts = ["recovery_codes": String(codes.count)]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return codes
        }
    }
}

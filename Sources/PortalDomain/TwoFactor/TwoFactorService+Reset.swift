extension TwoFactorService {
    /// Clears a user's two-factor sign-in, for someone who lost both their authenticator and their recovery
    /// codes: the secret and the recovery codes are deleted and every session of theirs ends, in one
    /// transaction. Owner staff must enrol again at their next sign-in before any owner page opens; tenant
    /// users sign in with their password alone until they enrol again.
    ///
    /// The system (the `reset-two-factor` command) may reset anyone; an owner admin may reset other owner
    /// staff, not themself (they have their recovery codes) and not tenant users. A user with nothing to reset
    /// is a conflict. Audited `auth.totp_reset` with the reason as note and the sessions ended; returns how
    /// many ended. A refusal writes nothing.
    @discardableResult
    public func reset(userID: Int64, reason: String, by actor: ActingUser) throws -> Int {
        var v = Validator()
        let note = v.text("reason", reason, label: "Reason", max: 500)
        try v.finish()
        return try context.write { tx, now in
            guard let user = try UserStore.user(tx, id: userID) else { throw DomainError.notFound("user \(userID)") }
            if !actor.isSystem {
                guard actor.impersonatorUserID == nil, actor.role.can(.manageStaff), user.role.isOwnerStaff else {
                    throw DomainError.notPermitted("only an owner admin may reset another staff member's two-factor sign-in")
                }
                guard actor.userID != userID else {
                    throw DomainError.notPermitted("use a recovery code to sign in, then set up two-factor sign-in again")
                }
            }
            // The trigger `users_totp_cleared_drop_recovery` deletes the recovery codes.
            let cleared = try tx.run(
                """
                UPDATE users SET totp_secret = NULL, totp_enabled = 0, totp_last_step = NULL
                WHERE id = ? AND (totp_enabled = 1 OR totp_secret IS NOT NULL)
                """, [userID])
            guard cleared == 1 else { throw DomainError.conflict("\(user.email) has no two-factor sign-in to reset") }
            let ended = try SessionStore.revokeAll(tx, userID: userID, keeping: nil, reason: "totp_reset", at: now)
            var record = AuditRecord(action: "auth.totp_reset", tenantID: user.tenantID, targetType: "user", targetID: userID)
            record.changes = [.personal("totp_secret")]
            record.change("totp_enabled", String(user.totpEnabled), "false")
            record.facts = ["sessions_ended": String(ended)]
            record.note = note
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return ended
        }
    }
}

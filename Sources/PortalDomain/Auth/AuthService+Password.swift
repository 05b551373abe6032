extension AuthService {
    /// Changes the signed-in user's password: the current one is required (throttled and checked like a
    /// sign-in), the new one must pass `PasswordPolicy`. Clears "must change", ends the user's other
    /// sessions, gives this session a new token (returned) and audits it all in one transaction.
    ///
    /// Policy problems throw `DomainError.invalid` (`new_password`) before any hashing; a wrong current
    /// password is `.refused(.invalid)`.
    public func changePassword(
        session sessionID: Int64, currentPassword: String, newPassword: String, client: ClientInfo, by actor: ActingUser
    ) throws -> AuthOutcome<String> {
        let (session, credentials) = try context.ownSession(sessionID, actor: actor)
        guard session.state != .awaitingSecondFactor else {
            throw DomainError.notPermitted("finish signing in before changing the password")
        }
        let user = credentials.user
        if let problem = PasswordPolicy.problem(with: newPassword, email: user.email) {
            throw DomainError.invalid("new_password", problem)
        }
        if newPassword == currentPassword {
            throw DomainError.invalid("new_password", "Choose a password different from the current one")
        }
        let configuration = shared.configuration
        let keys = [
            ThrottleKey.account(email: user.email, keyring: context.keyring, policy: configuration.accountThrottle),
            ThrottleKey.address(client.ip, kind: "pw", policy: configuration.addressThrottle),
        ]
        if case .refused(let wait) = try LoginThrottle(context: context).admit(keys) {
            shared.count { $0.throttled += 1 }
            return .refused(.throttled(retryAfter: wait))
        }
        let stored = try credentials.passwordHash ?? shared.dummyHash()
        let checked = try shared.gate.run { () throws -> String? in
            guard configuration.hasher.verify(currentPassword, against: stored), credentials.passwordHash != nil else {
                return nil
            }
            return try configuration.hasher.hash(newPassword)
        }
        guard let checked else {
            shared.count { $0.busy += 1 }
            return .refused(.busy)
        }
        shared.count { $0.kdfRuns += checked == nil ? 1 : 2 }
        guard let newHash = checked else {
            try recordFailure(
                keys: keys, user: user, reason: "wrong_password", client: client, action: "auth.password_change_failed",
                actor: actor)
            return .refused(.invalid)
        }
        return .success(
            try context.write { tx, now in
                try LoginThrottle.recordSuccess(tx, keys)
                try tx.run("UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?", [newHash, user.id])
                let revoked = try SessionStore.revokeAll(
                    tx, userID: user.id, keeping: sessionID, reason: "password_changed", at: now)
                let token = try SessionStore.rotate(tx, id: sessionID, at: now)
                guard let updated = try UserStore.user(tx, id: user.id) else { throw DomainError.notFound("user \(user.id)") }
                try SessionStore.advance(
                    tx, id: sessionID, to: SessionState.after(user: updated), secondFactorAt: nil, at: now,
                    configuration: configuration)
                var record = AuditRecord(
                    action: "auth.password_changed", tenantID: user.tenantID, targetType: "user", targetID: user.id)
                record.changes.append(.personal("password_hash"))
                record.change("must_change_password", String(user.mustChangePassword), "false")
                record.facts = ["browser": client.browser, "other_sessions_revoked": String(revoked)]
                try AuditWriter.append(tx, record, actor: actor, at: now)
                return token
            })
    }
}

extension ServiceContext {
    /// The live session `sessionID` of the actor themself, with their credentials. Account security
    /// (password, second factor, sessions) is never changed while impersonating; another user's
    /// session is not found.
    func ownSession(_ sessionID: Int64, actor: ActingUser) throws -> (SessionRecord, UserCredentials) {
        guard actor.impersonatorUserID == nil else {
            throw DomainError.notPermitted("account security settings cannot be changed while impersonating")
        }
        return try read { db, now in
            guard let session = try SessionStore.record(db, id: sessionID), session.isLive(at: now),
                session.userID == actor.userID, let user = try UserStore.user(db, id: session.userID), user.status == .active,
                let credentials = try AuthService.credentials(db, email: user.email)
            else { throw DomainError.notFound("session \(sessionID)") }
            return (session, credentials)
        }
    }

    /// The user's TOTP secret (pending or enabled), decrypted; nil when none is stored.
    func totpSecret(userID: Int64) throws -> String? {
        let sealed = try read { db, _ in try db.row("SELECT totp_secret FROM users WHERE id = ?", [userID])?.blob("totp_secret") }
        guard let sealed else { return nil }
        return String(decoding: try keyring.open(sealed, context: "totp:user:\(userID)"), as: UTF8.self)
    }
}

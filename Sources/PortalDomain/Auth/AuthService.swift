import Foundation

/// Password sign-in and password changes, with throttling decided before any hashing, a cap on
/// concurrent hashing, one generic error, and the same cost for accounts that do not exist.
///
/// ```swift
/// switch try portal.auth.signIn(email: form["email"], password: form["password"], client: client) {
/// case .success(let grant): setCookie(grant.token)     // grant.session.state says what comes next
/// case .refused(.throttled(let seconds)): showError("Too many attempts. Try again in \(seconds) s.")
/// case .refused: showError("E-mail or password is not right.")
/// }
/// ```
public struct AuthService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext
    /// Configuration, KDF gate, dummy hash, counters.
    let shared: AuthShared

    /// The policy in force.
    public var configuration: AuthConfiguration { shared.configuration }

    /// Counters since start-up.
    public var statistics: AuthStatistics { shared.statistics }

    /// Checks `email` and `password` and, when they match an active account, opens a session in the
    /// state the account needs next (second factor, password change, enrolment, or full). Every
    /// failure is `.invalid`, whatever the reason, after the same password derivation; every check is
    /// audited (unknown addresses without the address).
    public func signIn(email: String, password: String, client: ClientInfo) throws -> AuthOutcome<SessionGrant> {
        let configuration = shared.configuration
        let keys = [
            ThrottleKey.account(email: email, keyring: context.keyring, policy: configuration.accountThrottle),
            ThrottleKey.address(client.ip, kind: "pw", policy: configuration.addressThrottle),
        ]
        if case .refused(let wait) = try LoginThrottle(context: context).admit(keys) {
            shared.count { $0.throttled += 1 }
            return .refused(.throttled(retryAfter: wait))
        }
        let dummy = try shared.dummyHash()
        let credentials =
            Validator.isEmail(email.trimmingCharacters(in: .whitespaces))
            ? try context.read { db, _ in
                try AuthService.credentials(db, email: email)
            } : nil
        let usable = credentials.flatMap { $0.user.status == .active ? $0.passwordHash : nil }
        let stored = usable ?? dummy
        let checked = try shared.gate.run { () throws -> (matches: Bool, rehash: String?) in
            let matches = configuration.hasher.verify(password, against: stored)
            let rehash = matches && configuration.hasher.needsRehash(stored) ? try configuration.hasher.hash(password) : nil
            return (matches, rehash)
        }
        guard let checked else {
            shared.count { $0.busy += 1 }
            return .refused(.busy)
        }
        shared.count {
            $0.kdfRuns += checked.rehash == nil ? 1 : 2
            if usable == nil { $0.dummyVerifications += 1 }
        }
        guard checked.matches, usable != nil, let user = credentials?.user else {
            let reason = AuthService.failureReason(credentials)
            try recordFailure(keys: keys, user: credentials?.user, reason: reason, client: client)
            return .refused(.invalid)
        }
        let grant = try context.write { tx, now -> SessionGrant in
            try LoginThrottle.recordSuccess(tx, keys)
            if let rehash = checked.rehash {
                try tx.run("UPDATE users SET password_hash = ? WHERE id = ?", [rehash, user.id])
            }
            let state = SessionState.afterPassword(user: user)
            let created = try SessionStore.create(
                tx, user: user, state: state, secondFactorAt: nil, client: client, at: now, configuration: configuration)
            var record = AuditRecord(
                action: "auth.signed_in", tenantID: user.tenantID, targetType: "session", targetID: created.record.id)
            record.facts = ["browser": client.browser, "state": state.rawValue]
            if checked.rehash != nil { record.facts["rehashed"] = "true" }
            try AuditWriter.append(tx, record, actor: client.actor(user), at: now)
            return SessionGrant(token: created.token, session: created.record, user: user)
        }
        shared.count { $0.signIns += 1 }
        return .success(grant)
    }

    /// Audits a failed check and locks the keys that reached their limit (each lock audited), in one
    /// transaction, and counts them.
    func recordFailure(
        keys: [ThrottleKey], user: User?, reason: String, client: ClientInfo, action: String = "auth.sign_in_failed",
        actor: ActingUser? = nil
    ) throws {
        let locks = try context.write { tx, now in
            try AuthAudit.failure(
                tx, action: action, user: user, reason: reason, client: client, actor: actor ?? client.anonymousActor, keys: keys,
                at: now)
        }
        shared.count {
            $0.failures += 1
            $0.locks += locks
        }
    }

    /// Why a password check failed, for the audit entry (never shown to the client).
    static func failureReason(_ credentials: UserCredentials?) -> String {
        guard let credentials else { return "unknown_account" }
        if credentials.user.status != .active { return "disabled" }
        return credentials.passwordHash == nil ? "no_password" : "wrong_password"
    }

    /// A user's credentials by e-mail, on the caller's connection.
    static func credentials(_ db: SQLiteConnection, email: String) throws -> UserCredentials? {
        guard
            let row = try db.row(
                "SELECT \(UserStore.columns), password_hash, totp_last_step FROM users WHERE email_key = ?",
                [Validator.emailKey(email)])
        else { return nil }
        return UserCredentials(
            user: UserStore.user(row), passwordHash: row.optionalString(11), totpLastStep: row.optionalInt64(12))
    }
}

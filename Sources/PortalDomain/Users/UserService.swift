/// Users, roles and credentials. Sign-in, sessions and two-factor flows (the next phase) build on
/// `credentials(email:)`, `setPassword`, `setTOTP` and `recordTOTPStep`.
public struct UserService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// A user by id.
    public func user(_ id: Int64) throws -> User? {
        try context.read { db, _ in try UserStore.user(db, id: id) }
    }

    /// A user by e-mail (case-insensitive).
    public func user(email: String) throws -> User? {
        try context.read { db, _ in try UserStore.user(db, email: email) }
    }

    /// A user with the stored password hash and TOTP step, for sign-in.
    public func credentials(email: String) throws -> UserCredentials? {
        try context.read { db, _ in try AuthService.credentials(db, email: email) }
    }

    /// A tenant's users (or owner staff, for `tenantID == nil`), optionally of one role, by name.
    public func list(tenant tenantID: Int64?, role: Role? = nil, page: Int = 1, perPage: Int = 50, by actor: ActingUser) throws
        -> Page<User>
    {
        if let tenantID { try actor.requireRead(tenant: tenantID) } else { try actor.require(.readPlatform) }
        let perPage = min(max(perPage, 1), 200)
        return try context.read { db, _ in
            var filter = SQLWhere()
            if let tenantID { filter.add("tenant_id = ?", tenantID) } else { filter.add("tenant_id IS NULL") }
            if let role { filter.add("role = ?", role.rawValue) }
            let total = try db.int("SELECT count(*) FROM users \(filter.clause)", filter.arguments) ?? 0
            let rows = try db.rows(
                """
                SELECT \(UserStore.columns) FROM users \(filter.clause)
                ORDER BY CASE role WHEN 'tenant_admin' THEN 0 WHEN 'coach' THEN 1 ELSE 2 END, display_name, id
                LIMIT ? OFFSET ?
                """, filter.arguments + [perPage, Page<User>.offset(page: page, perPage: perPage)])
            return Page(items: rows.map(UserStore.user), total: Int(total), page: max(1, page), perPage: perPage)
        }
    }

    /// Creates an owner-staff account. Without `password`, a random one-time password is set and
    /// returned, and must be changed at first sign-in (`portal create-owner`).
    public func createStaff(
        email: String, displayName: String, role: Role, password: String? = nil, hasher: PasswordHasher = .standard,
        by actor: ActingUser
    ) throws -> (user: User, oneTimePassword: String?) {
        try actor.require(.manageStaff)
        precondition(role.isOwnerStaff, "createStaff makes owner staff; tenant users come with their tenant")
        var v = Validator()
        let cleanEmail = v.email("email", email)
        let cleanName = v.text("display_name", displayName, label: "Name", max: 120)
        if let password, let problem = PasswordHasher.problem(with: password) { v.fail("password", problem) }
        try v.finish()
        let oneTime = password == nil ? ByteEncoding.base64URL(Crypto.randomBytes(15)) : nil
        let hash = try hasher.hash(password ?? oneTime ?? "")
        return try context.write { tx, now in
            let id = try UserStore.insert(
                tx, email: cleanEmail, displayName: cleanName, role: role, tenantID: nil, passwordHash: hash,
                mustChangePassword: password == nil, at: now)
            var record = AuditRecord(action: "user.created", targetType: "user", targetID: id)
            record.facts = ["role": role.rawValue]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            guard let user = try UserStore.user(tx, id: id) else { throw DomainError.notFound("user \(id)") }
            return (user, oneTime)
        }
    }

    /// Creates a tenant admin (by owner admins, or by a tenant admin for their own tenant), without a
    /// password: they set one through the invitation of the sign-in phase.
    public func createTenantAdmin(tenant tenantID: Int64, email: String, displayName: String, by actor: ActingUser) throws
        -> User
    {
        var v = Validator()
        let cleanEmail = v.email("email", email)
        let cleanName = v.text("display_name", displayName, label: "Name", max: 120)
        try v.finish()
        return try context.write { tx, now in
            if actor.isTenantSide {
                _ = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            } else {
                try actor.require(.manageTenants)
                _ = try TenantStore.tenant(tx, tenantID)
            }
            let id = try UserStore.insert(
                tx, email: cleanEmail, displayName: cleanName, role: .tenantAdmin, tenantID: tenantID, passwordHash: nil,
                mustChangePassword: false, at: now)
            var record = AuditRecord(action: "user.created", tenantID: tenantID, targetType: "user", targetID: id)
            record.facts = ["role": Role.tenantAdmin.rawValue]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            guard let user = try UserStore.user(tx, id: id) else { throw DomainError.notFound("user \(id)") }
            return user
        }
    }

    /// Sets a user's password (the user themself, or staff who manage staff for staff accounts).
    /// Hashing happens before the transaction, so the writer lock is never held for ~100 ms.
    public func setPassword(
        userID: Int64, newPassword: String, mustChange: Bool = false, hasher: PasswordHasher = .standard,
        by actor: ActingUser
    ) throws {
        guard actor.userID == userID || actor.role.can(.manageStaff) else {
            throw DomainError.notPermitted("only the user or an owner admin may set this password")
        }
        if let problem = PasswordHasher.problem(with: newPassword) { throw DomainError.invalid("password", problem) }
        let hash = try hasher.hash(newPassword)
        try context.write { tx, now in
            guard let user = try UserStore.user(tx, id: userID) else { throw DomainError.notFound("user \(userID)") }
            if actor.userID != userID, user.role.isTenantRole, actor.isTenantSide == false, !actor.isSystem {
                throw DomainError.notPermitted("owner staff do not set tenant users' passwords")
            }
            try tx.run(
                "UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?", [hash, mustChange, userID])
            var record = AuditRecord(action: "user.password_set", tenantID: user.tenantID, targetType: "user", targetID: userID)
            record.changes.append(.personal("password_hash"))
            record.change("must_change_password", String(user.mustChangePassword), String(mustChange))
            try AuditWriter.append(tx, record, actor: actor, at: now)
        }
    }

    /// Stores (sealed with AES-256-GCM) or clears a user's TOTP secret and its enabled flag.
    public func setTOTP(userID: Int64, secret: String?, enabled: Bool, by actor: ActingUser) throws {
        guard actor.userID == userID || actor.isSystem || actor.role.can(.manageStaff) else {
            throw DomainError.notPermitted("only the user or an owner admin may change two-factor settings")
        }
        let sealed: [UInt8]? =
            if let secret {
                try context.keyring.seal(Array(secret.utf8), context: "totp:user:\(userID)")
            } else {
                nil
            }
        try context.write { tx, now in
            guard let user = try UserStore.user(tx, id: userID) else { throw DomainError.notFound("user \(userID)") }
            try tx.run(
                "UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = NULL WHERE id = ?",
                [sealed.map(SQLValue.blob) ?? .null, enabled && sealed != nil, userID])
            var record = AuditRecord(action: "user.totp_changed", tenantID: user.tenantID, targetType: "user", targetID: userID)
            record.changes.append(.personal("totp_secret"))
            record.change("totp_enabled", String(user.totpEnabled), String(enabled && sealed != nil))
            try AuditWriter.append(tx, record, actor: actor, at: now)
        }
    }

    /// The user's TOTP secret in base32 (decrypted), nil when none is stored.
    public func totpSecret(userID: Int64) throws -> String? {
        let sealed = try context.read { db, _ in
            try db.row("SELECT totp_secret FROM users WHERE id = ?", [userID])?.blob("totp_secret")
        }
        guard let sealed else { return nil }
        return String(decoding: try context.keyring.open(sealed, context: "totp:user:\(userID)"), as: UTF8.self)
    }

    /// Records that `step` was accepted; returns false (and records nothing) when that step or a later
    /// one was already used, so a code is never accepted twice.
    public func recordTOTPStep(userID: Int64, step: Int64) throws -> Bool {
        try context.write { tx, _ in
            try tx.run(
                "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
                [step, userID, step]) == 1
        }
    }

    /// Disables or re-enables an account (owner admins; tenant admins for their own tenant's users).
    public func setStatus(userID: Int64, _ status: UserStatus, reason: String, by actor: ActingUser) throws {
        var v = Validator()
        let cleanReason = v.text("reason", reason, label: "Reason", max: 500)
        try v.finish()
        try context.write { tx, now in
            guard let user = try UserStore.user(tx, id: userID) else { throw DomainError.notFound("user \(userID)") }
            if actor.isTenantSide {
                guard let tenantID = user.tenantID, user.role != .tenantAdmin || actor.userID != userID else {
                    throw DomainError.notFound("user \(userID)")
                }
                _ = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            } else {
                try actor.require(user.role.isOwnerStaff ? .manageStaff : .manageTenants)
            }
            guard user.status != status else { return }
            try tx.run("UPDATE users SET status = ? WHERE id = ?", [status, userID])
            var record = AuditRecord(
                action: status == .disabled ? "user.disabled" : "user.enabled", tenantID: user.tenantID, targetType: "user",
                targetID: userID)
            record.change("status", user.status.rawValue, status.rawValue)
            record.note = cleanReason
            try AuditWriter.append(tx, record, actor: actor, at: now)
        }
    }
}

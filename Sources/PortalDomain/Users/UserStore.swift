/// User SQL shared by services.
enum UserStore {
    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        id, email, display_name, role, tenant_id, status, created_at, joined_at, password_hash IS NOT NULL,
        must_change_password, totp_enabled
        """

    /// Maps one row of the selected columns to a `User`.
    static func user(_ row: Row) -> User {
        User(
            id: row.int64(0), email: row.string(1), displayName: row.string(2), role: Role(rawValue: row.string(3)) ?? .client,
            tenantID: row.optionalInt64(4), status: UserStatus(rawValue: row.string(5)) ?? .disabled, createdAt: row.int64(6),
            joinedAt: row.int64(7), hasPassword: row.bool(8), mustChangePassword: row.bool(9), totpEnabled: row.bool(10))
    }

    /// `user` on the caller's connection (inside its read or write transaction).
    static func user(_ db: SQLiteConnection, id: Int64) throws -> User? {
        try db.row("SELECT \(columns) FROM users WHERE id = ?", [id]).map(user)
    }

    /// `user` on the caller's connection (inside its read or write transaction).
    static func user(_ db: SQLiteConnection, email: String) throws -> User? {
        try db.row("SELECT \(columns) FROM users WHERE email_key = ?", [Validator.emailKey(email)]).map(user)
    }

    /// Inserts a user; a taken e-mail is a validation error on `email`.
    static func insert(
        _ tx: SQLiteConnection, email: String, displayName: String, role: Role, tenantID: Int64?, passwordHash: String?,
        mustChangePassword: Bool, at now: Int64
    ) throws -> Int64 {
        if try tx.int("SELECT 1 FROM users WHERE email_key = ?", [Validator.emailKey(email)]) != nil {
            throw DomainError.invalid("email", "Another account already uses \(email)")
        }
        return try tx.insert(
            """
            INSERT INTO users (email, email_key, display_name, role, tenant_id, status, created_at, joined_at, password_hash,
                must_change_password)
            VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)
            """,
            [email, Validator.emailKey(email), displayName, role, tenantID, now, now, passwordHash, mustChangePassword])
    }
}

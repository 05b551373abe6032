/// Per-tenant API keys for `/api/v1`: tenant admins create (the secret is returned once) and revoke
/// them; every API request is authenticated here. Only an HMAC-SHA-256 of each secret is stored, under
/// the data directory's key, so a stolen database does not yield working keys.
///
/// A key acts as the tenant admin who created it (role, tenant, audit entries); disabling that user or
/// revoking the key stops it at once. Keys cannot be created or revoked while impersonating.
public struct APIKeyService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// Every secret starts with it, so leaked keys are easy to recognise in logs and scanners.
    public static let secretPrefix = "opk_"
    /// Working keys a studio may hold at once.
    public static let maximumActiveKeys = 20
    /// Last use is written at most this often (seconds) per key, so reads do not turn into writes.
    static let lastUsedResolution: Int64 = 60

    private static let columns = """
        k.id, k.tenant_id, k.name, k.hint, k.scopes, k.created_by, u.display_name, k.created_at, k.last_used_at, k.revoked_at
        """

    private static func key(_ row: Row) -> APIKey {
        APIKey(
            id: row.int64(0), tenantID: row.int64(1), name: row.string(2), hint: row.string(3),
            scopes: row.string(4).split(separator: ",").compactMap { APIScope(rawValue: String($0)) }.sorted(),
            createdBy: row.int64(5), createdByName: row.string(6), createdAt: row.int64(7), lastUsedAt: row.optionalInt64(8),
            revokedAt: row.optionalInt64(9))
    }

    private static func load(_ db: SQLiteConnection, _ id: Int64, tenantID: Int64) throws -> APIKey {
        guard
            let row = try db.row(
                "SELECT \(columns) FROM api_keys k JOIN users u ON u.id = k.created_by WHERE k.id = ? AND k.tenant_id = ?",
                [id, tenantID])
        else { throw DomainError.notFound("API key \(id)") }
        return key(row)
    }

    /// The stored form of a secret.
    func hash(_ secret: String) -> String {
        ByteEncoding.hex(context.keyring.mac(Array(secret.utf8), purpose: "api-key"))
    }

    /// Throws unless `actor` manages the studio's keys: its admin, signed in as themselves.
    private static func requireManager(_ actor: ActingUser, tenant tenantID: Int64) throws(DomainError) {
        guard actor.impersonatorUserID == nil else {
            throw DomainError.notPermitted("API keys cannot be managed while impersonating")
        }
        guard actor.role.isTenantRole, actor.tenantID == tenantID else { throw DomainError.notFound("tenant \(tenantID)") }
        try actor.require(.manageOwnTenant)
    }

    /// The studio's keys, working ones first, newest first (revoked ones stay listed for the record).
    public func list(tenant tenantID: Int64, by actor: ActingUser) throws -> [APIKey] {
        try actor.requireRead(tenant: tenantID)
        try actor.require(.manageOwnTenant)
        return try context.read { db, _ in
            try db.rows(
                """
                SELECT \(APIKeyService.columns) FROM api_keys k JOIN users u ON u.id = k.created_by
                WHERE k.tenant_id = ? ORDER BY k.revoked_at IS NOT NULL, k.id DESC LIMIT 200
                """, [tenantID]
            ).map(APIKeyService.key)
        }
    }

    /// Creates a key named `name` with `scopes` and returns it with its secret (shown once). Refused
    /// while impersonating, for a suspended or blocked studio, and past `maximumActiveKeys`.
    public func create(tenant tenantID: Int64, name: String, scopes: Set<APIScope>, by actor: ActingUser) throws
        -> CreatedAPIKey
    {
        try APIKeyService.requireManager(actor, tenant: tenantID)
        var v = Validator()
        let cleanName = v.text("name", name, label: "Name", max: 80)
        v.check(!scopes.isEmpty, "scopes", "Choose at least one permission")
        try v.finish()
        let random = ByteEncoding.base64URL(Crypto.randomBytes(32))
        let secret = APIKeyService.secretPrefix + random
        let hint = APIKeyService.secretPrefix + random.prefix(6) + "…"
        let scopeText = scopes.sorted().map(\.rawValue).joined(separator: ",")
        let keyHash = hash(secret)
        let key = try context.write { tx, now in
            _ = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            let active =
                try tx.int("SELECT count(*) FROM api_keys WHERE tenant_id = ? AND revoked_at IS NULL", [tenantID]) ?? 0
            guard active < APIKeyService.maximumActiveKeys else {
                throw DomainError.conflict(
                    "a studio may have \(APIKeyService.maximumActiveKeys) working API keys; revoke one you no longer use first")
            }
            let id = try tx.insert(
                """
                INSERT INTO api_keys (tenant_id, name, key_hash, hint, scopes, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [tenantID, cleanName, keyHash, hint, scopeText, actor.userID, now])
            var record = AuditRecord(action: "api_key.created", tenantID: tenantID, targetType: "api_key", targetID: id)
            record.facts = ["scopes": scopeText, "hint": hint]
            record.note = cleanName
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try APIKeyService.load(tx, id, tenantID: tenantID)
        }
        return CreatedAPIKey(key: key, secret: secret)
    }

    /// Revokes a key: it stops working at once. Revoking a revoked key changes nothing.
    public func revoke(_ id: Int64, tenant tenantID: Int64, by actor: ActingUser) throws -> APIKey {
        try APIKeyService.requireManager(actor, tenant: tenantID)
        return try context.write { tx, now in
            _ = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            let key = try APIKeyService.load(tx, id, tenantID: tenantID)
            guard key.isActive else { return key }
            try tx.run("UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?", [now, actor.userID, id])
            var record = AuditRecord(action: "api_key.revoked", tenantID: tenantID, targetType: "api_key", targetID: id)
            record.change("status", "active", "revoked")
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try APIKeyService.load(tx, id, tenantID: tenantID)
        }
    }

    /// One key of the studio (for the revoke confirmation).
    public func get(_ id: Int64, tenant tenantID: Int64, by actor: ActingUser) throws -> APIKey {
        try actor.requireRead(tenant: tenantID)
        try actor.require(.manageOwnTenant)
        return try context.read { db, _ in try APIKeyService.load(db, id, tenantID: tenantID) }
    }

    /// The grant for a presented secret, or nil when it is malformed, unknown, revoked, or its creator
    /// is no longer an active admin of the studio. Records the key's last use (at most once a minute).
    public func authenticate(_ secret: String) throws -> APIKeyGrant? {
        guard secret.hasPrefix(APIKeyService.secretPrefix),
            secret.utf8.count == APIKeyService.secretPrefix.utf8.count + 43,
            let bytes = ByteEncoding.fromBase64URL(String(secret.dropFirst(APIKeyService.secretPrefix.count))),
            bytes.count == 32
        else { return nil }
        let keyHash = hash(secret)
        let found = try context.read { db, _ -> (APIKey, Tenant, Role)? in
            guard
                let row = try db.row(
                    """
                    SELECT \(APIKeyService.columns), u.status, u.role, u.tenant_id FROM api_keys k
                    JOIN users u ON u.id = k.created_by WHERE k.key_hash = ?
                    """, [keyHash])
            else { return nil }
            let key = APIKeyService.key(row)
            guard key.isActive, row.string(10) == UserStatus.active.rawValue, let role = Role(rawValue: row.string(11)),
                role == .tenantAdmin, row.optionalInt64(12) == key.tenantID
            else { return nil }
            return (key, try TenantStore.tenant(db, key.tenantID), role)
        }
        guard let (key, tenant, role) = found else { return nil }
        let now = context.now
        if (key.lastUsedAt ?? 0) <= now - APIKeyService.lastUsedResolution {
            try context.write { tx, now in
                _ = try tx.run("UPDATE api_keys SET last_used_at = ? WHERE id = ?", [now, key.id])
            }
        }
        return APIKeyGrant(key: key, tenant: tenant, role: role)
    }
}

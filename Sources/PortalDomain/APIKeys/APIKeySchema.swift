/// Storage of API keys (issue 7): migration `0005_api_keys`.
enum APIKeySchema {
    /// The migration, appended to `Schema.migrations`.
    static let migration = Migration(id: "0005_api_keys", sql: sql)

    /// One row per key: the secret's HMAC (never the secret), its scopes and its use.
    private static let sql = """
        CREATE TABLE api_keys (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            name TEXT NOT NULL,
            key_hash TEXT NOT NULL UNIQUE,
            hint TEXT NOT NULL,
            scopes TEXT NOT NULL,
            created_by INTEGER NOT NULL REFERENCES users(id),
            created_at INTEGER NOT NULL,
            last_used_at INTEGER,
            revoked_at INTEGER,
            revoked_by INTEGER REFERENCES users(id)
        ) STRICT;
        CREATE INDEX api_keys_tenant ON api_keys(tenant_id, id);
        """
}

/// The provider-access log (issue 7): migration `0005_impersonations`.
enum ImpersonationSchema {
    /// The migration, appended to `Schema.migrations`.
    static let migration = Migration(id: "0005_impersonations", sql: sql)

    /// One row per impersonation. `target_user_id` has no foreign key on purpose: a demo-data reset
    /// deletes coach and client logins, and the log must outlive them.
    private static let sql = """
        CREATE TABLE impersonations (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            staff_user_id INTEGER NOT NULL REFERENCES users(id),
            target_user_id INTEGER NOT NULL,
            session_id INTEGER,
            reason TEXT NOT NULL,
            ticket TEXT NOT NULL,
            mode TEXT NOT NULL DEFAULT 'read_only' CHECK (mode IN ('read_only', 'write')),
            started_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > started_at),
            elevated_at INTEGER,
            elevation_reason TEXT,
            ended_at INTEGER,
            end_reason TEXT CHECK (end_reason IN ('stopped', 'expired', 'ended_by_admin', 'disabled')),
            ended_by INTEGER REFERENCES users(id),
            requests INTEGER NOT NULL DEFAULT 0,
            CHECK ((ended_at IS NULL) = (end_reason IS NULL))
        ) STRICT;
        CREATE INDEX impersonations_tenant ON impersonations(tenant_id, id);
        CREATE INDEX impersonations_running ON impersonations(expires_at) WHERE ended_at IS NULL;
        CREATE UNIQUE INDEX impersonations_session ON impersonations(session_id)
            WHERE ended_at IS NULL AND session_id IS NOT NULL;
        """
}

/// The sign-in phase's migration: sessions, the brute-force throttle, recovery codes and the users'
/// own time zone. Appended to `Schema.migrations`; never edited once shipped.
enum AuthSchema {
    /// `0004_auth`.
    static let migration = Migration(id: "0004_auth", sql: sql)

    private static let sql = """
        -- NULL means the default: UTC for owner staff, the tenant's zone for tenant users (so a tenant's
        -- zone change reaches every user who never chose their own).
        ALTER TABLE users ADD COLUMN time_zone TEXT;

        -- Server-side sessions. The cookie's token is never stored, only its SHA-256. `state` is what the
        -- session still lacks; the server re-derives it from the user on every request except for
        -- 'awaiting_second_factor', which only a valid code (or recovery code) ends.
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('awaiting_second_factor', 'password_change_required',
                                                 'enrolment_required', 'full')),
            created_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL,
            idle_expires_at INTEGER NOT NULL,
            absolute_expires_at INTEGER NOT NULL,
            ip TEXT NOT NULL,
            user_agent TEXT NOT NULL,
            browser TEXT NOT NULL,
            second_factor_at INTEGER,
            rotated_at INTEGER,
            revoked_at INTEGER,
            revoke_reason TEXT
        ) STRICT;
        CREATE INDEX sessions_user ON sessions(user_id, last_seen_at);
        CREATE INDEX sessions_idle ON sessions(idle_expires_at);
        CREATE INDEX sessions_absolute ON sessions(absolute_expires_at);

        -- Password and code attempts per account (an HMAC of the e-mail key, so unknown addresses are
        -- throttled alike and none is stored), per user for codes, and per client address.
        CREATE TABLE auth_throttle (
            key TEXT PRIMARY KEY,
            attempts INTEGER NOT NULL,
            last_attempt_at INTEGER NOT NULL,
            next_allowed_at INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER NOT NULL DEFAULT 0
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX auth_throttle_time ON auth_throttle(last_attempt_at);

        -- Single-use recovery codes, stored as HMACs under the data directory's key.
        CREATE TABLE recovery_codes (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            code_hash BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            used_at INTEGER,
            UNIQUE (user_id, code_hash)
        ) STRICT;

        -- A disabled account (by an admin, or by GDPR anonymize) loses its sessions at once, and an
        -- account whose TOTP secret is cleared loses its recovery codes, whichever service did it.
        CREATE TRIGGER users_disabled_end_sessions AFTER UPDATE OF status ON users
        WHEN NEW.status = 'disabled' AND OLD.status <> 'disabled'
        BEGIN DELETE FROM sessions WHERE user_id = NEW.id; END;
        CREATE TRIGGER users_totp_cleared_drop_recovery AFTER UPDATE OF totp_secret ON users
        WHEN NEW.totp_secret IS NULL
        BEGIN DELETE FROM recovery_codes WHERE user_id = NEW.id; END;
        """
}

/// The portal's migrations, in order. Conventions: INTEGER primary keys; times are UTC Unix seconds
/// (`*_at` columns); money is integer minor units with an ISO 4217 code; every table that belongs to a
/// tenant has `tenant_id` and indexes that start with it. Never edit a shipped migration.
enum Schema {
    /// Every migration, oldest first.
    static let migrations: [Migration] = [
        Migration(id: "0001_core", sql: core),
        Migration(id: "0002_audit", sql: audit),
        Migration(id: "0003_operations", sql: operations),
        AuthSchema.migration,
    ]

    /// Plans, features, tenants, usage, people, bookings, invoices, upgrades, messages.
    private static let core = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        CREATE TABLE features (
            key TEXT PRIMARY KEY CHECK (key GLOB '[a-z]*' AND length(key) <= 64),
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            max_clients INTEGER CHECK (max_clients >= 0),
            max_coaches INTEGER CHECK (max_coaches >= 0),
            max_sessions_per_month INTEGER CHECK (max_sessions_per_month >= 0),
            max_storage_gb INTEGER CHECK (max_storage_gb >= 0),
            sort_order INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE plan_features (
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            feature_key TEXT NOT NULL REFERENCES features(key),
            PRIMARY KEY (plan_id, feature_key)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE tenants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            search_text TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('trial', 'active', 'suspended', 'blocked')),
            block_kind TEXT CHECK (block_kind IN ('manual', 'over_limit')),
            status_before TEXT CHECK (status_before IN ('trial', 'active')),
            status_reason TEXT,
            status_changed_at INTEGER,
            plan_id INTEGER NOT NULL REFERENCES plans(id),
            contact_name TEXT NOT NULL,
            contact_email TEXT NOT NULL,
            contact_phone TEXT,
            time_zone TEXT NOT NULL,
            trial_ends_at INTEGER,
            trial_overdue_at INTEGER,
            created_at INTEGER NOT NULL,
            last_activity_at INTEGER,
            anonymized_at INTEGER,
            CHECK ((status = 'blocked') = (block_kind IS NOT NULL))
        ) STRICT;
        CREATE INDEX tenants_status ON tenants(status, name);
        CREATE INDEX tenants_plan ON tenants(plan_id, name);
        CREATE INDEX tenants_name ON tenants(name);
        CREATE INDEX tenants_created ON tenants(created_at);
        CREATE INDEX tenants_activity ON tenants(last_activity_at);
        CREATE INDEX tenants_trial ON tenants(trial_ends_at) WHERE status = 'trial';

        CREATE TABLE tenant_usage (
            tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
            active_clients INTEGER NOT NULL DEFAULT 0,
            coaches INTEGER NOT NULL DEFAULT 0,
            storage_bytes INTEGER NOT NULL DEFAULT 0,
            usage_pct INTEGER NOT NULL DEFAULT 0,
            usage_checked_at INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX tenant_usage_pct ON tenant_usage(usage_pct);
        CREATE INDEX tenant_usage_clients ON tenant_usage(active_clients);

        CREATE TABLE tenant_month_sessions (
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            month INTEGER NOT NULL,
            sessions INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, month)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL,
            email_key TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('owner_admin', 'support', 'billing_ops', 'read_only',
                                               'tenant_admin', 'coach', 'client')),
            tenant_id INTEGER REFERENCES tenants(id),
            status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
            created_at INTEGER NOT NULL,
            joined_at INTEGER NOT NULL,
            password_hash TEXT,
            must_change_password INTEGER NOT NULL DEFAULT 0,
            totp_secret BLOB,
            totp_enabled INTEGER NOT NULL DEFAULT 0,
            totp_last_step INTEGER,
            CHECK ((tenant_id IS NULL) = (role IN ('owner_admin', 'support', 'billing_ops', 'read_only')))
        ) STRICT;
        CREATE INDEX users_tenant ON users(tenant_id, role);
        CREATE INDEX users_role ON users(role, status);

        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            user_id INTEGER UNIQUE REFERENCES users(id),
            name TEXT NOT NULL,
            email TEXT,
            phone TEXT,
            notes TEXT,
            status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX clients_tenant ON clients(tenant_id, status, name);

        CREATE TABLE coaches (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            user_id INTEGER UNIQUE REFERENCES users(id),
            name TEXT NOT NULL,
            email TEXT,
            phone TEXT,
            notes TEXT,
            status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX coaches_tenant ON coaches(tenant_id, status, name);

        CREATE TABLE bookings (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            client_id INTEGER NOT NULL REFERENCES clients(id),
            coach_id INTEGER NOT NULL REFERENCES coaches(id),
            starts_at INTEGER NOT NULL,
            duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 480),
            status TEXT NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX bookings_tenant_start ON bookings(tenant_id, starts_at);
        CREATE INDEX bookings_coach_start ON bookings(coach_id, starts_at);
        CREATE INDEX bookings_client_start ON bookings(client_id, starts_at);

        CREATE TABLE session_slots (
            slot INTEGER PRIMARY KEY,
            started INTEGER NOT NULL DEFAULT 0,
            occupied INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE invoices (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            plan_id INTEGER REFERENCES plans(id),
            period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
            amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed', 'overdue')),
            issued_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            paid_at INTEGER,
            UNIQUE (tenant_id, period)
        ) STRICT;
        CREATE INDEX invoices_paid ON invoices(paid_at) WHERE status = 'paid';
        CREATE INDEX invoices_status ON invoices(status, due_at);

        CREATE TABLE upgrade_requests (
            id INTEGER PRIMARY KEY,
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            from_plan_id INTEGER NOT NULL REFERENCES plans(id),
            to_plan_id INTEGER NOT NULL REFERENCES plans(id),
            reason TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
            requested_by INTEGER,
            requested_at INTEGER NOT NULL,
            decided_by INTEGER,
            decided_at INTEGER,
            decision_reason TEXT
        ) STRICT;
        CREATE UNIQUE INDEX upgrade_requests_one_pending ON upgrade_requests(tenant_id) WHERE status = 'pending';
        CREATE INDEX upgrade_requests_tenant ON upgrade_requests(tenant_id, requested_at);
        CREATE INDEX upgrade_requests_queue ON upgrade_requests(status, requested_at);

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('broadcast', 'notice')),
            tenant_id INTEGER REFERENCES tenants(id),
            user_id INTEGER,
            audience TEXT NOT NULL CHECK (audience IN ('all', 'tenant_admins', 'coaches', 'clients')),
            title TEXT NOT NULL,
            body_html TEXT NOT NULL,
            body_text TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('draft', 'sent')),
            created_by INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            sent_by INTEGER,
            sent_at INTEGER,
            recipients INTEGER,
            CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
            CHECK (kind = 'notice' OR (tenant_id IS NULL AND user_id IS NULL))
        ) STRICT;
        CREATE INDEX messages_platform ON messages(sent_at) WHERE tenant_id IS NULL AND status = 'sent';
        CREATE INDEX messages_tenant ON messages(tenant_id, sent_at) WHERE tenant_id IS NOT NULL;
        CREATE INDEX messages_broadcasts ON messages(kind, status, updated_at);

        CREATE TABLE message_reads (
            user_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            read_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, message_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX message_reads_message ON message_reads(message_id);

        CREATE TABLE feature_overrides (
            tenant_id INTEGER NOT NULL REFERENCES tenants(id),
            feature_key TEXT NOT NULL REFERENCES features(key) ON DELETE CASCADE,
            enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            expires_at INTEGER,
            created_by INTEGER,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (tenant_id, feature_key)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX feature_overrides_expiry ON feature_overrides(expires_at) WHERE expires_at IS NOT NULL;
        """

    /// The append-only, hash-chained audit log.
    private static let audit = """
        CREATE TABLE audit_entries (
            id INTEGER PRIMARY KEY,
            created_at INTEGER NOT NULL,
            actor_user_id INTEGER,
            actor_role TEXT NOT NULL,
            impersonator_user_id INTEGER,
            tenant_id INTEGER,
            action TEXT NOT NULL,
            target_type TEXT,
            target_id INTEGER,
            request_id TEXT,
            ip TEXT,
            details TEXT NOT NULL,
            note_hash TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_tenant ON audit_entries(tenant_id, id);
        CREATE INDEX audit_actor ON audit_entries(actor_user_id, id);
        CREATE INDEX audit_impersonator ON audit_entries(impersonator_user_id, id) WHERE impersonator_user_id IS NOT NULL;
        CREATE INDEX audit_action ON audit_entries(action, id);
        CREATE INDEX audit_time ON audit_entries(created_at);

        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

        -- Free text (reasons, notes) lives beside the chain: the chain holds its SHA-256, so the text
        -- is tamper-evident, and GDPR anonymize may replace it with the marker below, nothing else.
        CREATE TABLE audit_notes (
            entry_id INTEGER PRIMARY KEY REFERENCES audit_entries(id),
            tenant_id INTEGER,
            text TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_notes_tenant ON audit_notes(tenant_id);
        CREATE TRIGGER audit_notes_no_delete BEFORE DELETE ON audit_notes
        BEGIN SELECT RAISE(ABORT, 'audit notes are append-only'); END;
        CREATE TRIGGER audit_notes_only_scrub BEFORE UPDATE ON audit_notes
        WHEN NEW.text <> '[anonymized]' OR NEW.entry_id <> OLD.entry_id OR NEW.tenant_id IS NOT OLD.tenant_id
        BEGIN SELECT RAISE(ABORT, 'audit notes can only be anonymized'); END;
        """

    /// Health and operations: system events, job status, integrity checks.
    private static let operations = """
        CREATE TABLE system_events (
            id INTEGER PRIMARY KEY,
            created_at INTEGER NOT NULL,
            level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
            source TEXT NOT NULL,
            message TEXT NOT NULL,
            tenant_id INTEGER
        ) STRICT;
        CREATE INDEX system_events_level ON system_events(level, created_at);
        CREATE INDEX system_events_time ON system_events(created_at);

        CREATE TABLE job_status (
            name TEXT PRIMARY KEY,
            interval_seconds INTEGER NOT NULL,
            last_started_at INTEGER,
            last_finished_at INTEGER,
            last_duration_ms INTEGER,
            last_result TEXT,
            last_error TEXT,
            last_error_at INTEGER,
            last_success_at INTEGER,
            runs INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE integrity_checks (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('quick', 'full', 'audit_chain')),
            ok INTEGER NOT NULL,
            result TEXT NOT NULL,
            checked_at INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX integrity_checks_kind ON integrity_checks(kind, checked_at);
        """
}

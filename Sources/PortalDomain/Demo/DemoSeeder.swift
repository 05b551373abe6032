import Foundation

/// A demo account `seed-demo --print-accounts` prints.
public struct DemoAccount: Sendable, Equatable, Codable {
    /// Sign-in e-mail.
    public let email: String
    /// Role (`owner_admin`, …).
    public let role: String
    /// Password (demo databases only).
    public let password: String
    /// TOTP secret in base32 for owner staff (enrolled), nil for tenant users.
    public let totp_secret: String?
    /// The tenant's name for tenant users.
    public let tenant: String?

    /// Encodes every key, writing `null` for a missing TOTP secret or tenant.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(email, forKey: .email)
        try container.encode(role, forKey: .role)
        try container.encode(password, forKey: .password)
        try container.encode(totp_secret, forKey: .totp_secret)
        try container.encode(tenant, forKey: .tenant)
    }
}

/// What a `seed-demo` run did.
public struct DemoSeedReport: Sendable, Equatable {
    /// False when the database was already a demo database (nothing changed).
    public let seeded: Bool
    /// The seed of the demo data in the database.
    public let seed: UInt64
    /// Whether it is the `--scale` data set.
    public let scale: Bool
    /// Row counts.
    public let tenants: Int
    /// Users (all roles).
    public let users: Int
    /// Sessions.
    public let sessions: Int
    /// Seconds the seeding took (0 when nothing was done).
    public let seconds: Double
}

/// Fills an empty database with a realistic, deterministic demo platform (see docs/domain.md): three
/// plans, tenants across every status, coaches and clients sized to their plans, 90 days of sessions
/// (plus two weeks ahead) with evening and weekday peaks, invoices with failures and overdue ones,
/// pending upgrade requests, tenants near, at and over their limits, broadcasts, system events and one
/// demo account per role. The same seed and reference day give the same data, byte for byte
/// (`DemoSeeder.digest`); only the demo accounts' password hashes and sealed TOTP secrets vary.
public struct DemoSeeder: Sendable {
    /// What to generate.
    public struct Options: Sendable {
        /// PRNG seed.
        public var seed: UInt64 = 1
        /// 10,000 tenants and about 10,000,000 sessions instead of about 200 tenants.
        public var scale = false
        /// Override of the tenant count (tests use small data sets).
        public var tenantCount: Int?
        /// The "today" the data is generated around (UTC midnight); default: today.
        public var referenceDay: Int64?
        /// Hasher for the demo accounts' passwords (tests pass cheaper parameters).
        public var hasher: PasswordHasher = .standard
        /// Progress lines (the CLI prints them).
        public var progress: (@Sendable (String) -> Void)?

        /// The defaults: seed 1, about 200 tenants, today.
        public init() {}

        var tenants: Int { tenantCount ?? (scale ? 10_000 : 200) }
    }

    /// The state of a database as far as demo data goes.
    public enum State: Sendable, Equatable {
        /// No tenants, no users: may be seeded.
        case empty
        /// Seeded by `seed-demo` with this seed.
        case demo(seed: UInt64, scale: Bool)
        /// Holds real data: never seeded, never printed.
        case notDemo
        /// A seed-demo run was interrupted before it finished.
        case incomplete
    }

    /// The portal to fill.
    public let portal: Portal

    /// A seeder for `portal`.
    public init(portal: Portal) { self.portal = portal }

    /// What the database holds.
    public func state() throws -> State {
        try portal.database.read { db in
            if try db.string("SELECT value FROM meta WHERE key = 'demo_seeding'") != nil,
                try db.string("SELECT value FROM meta WHERE key = 'demo_seed'") == nil
            {
                return .incomplete
            }
            if let seed = try db.string("SELECT value FROM meta WHERE key = 'demo_seed'") {
                let scale = try db.string("SELECT value FROM meta WHERE key = 'demo_scale'") == "1"
                return .demo(seed: UInt64(seed) ?? 0, scale: scale)
            }
            let rows = try db.int("SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM users)") ?? 0
            return rows == 0 ? .empty : .notDemo
        }
    }

    /// Seeds an empty database; on a demo database does nothing (`seeded == false`); refuses a
    /// database with other data.
    public func seed(_ options: Options = Options()) throws -> DemoSeedReport {
        switch try state() {
        case .demo(let seed, let scale):
            let counts = try portal.database.read { db in
                [
                    try db.int("SELECT count(*) FROM tenants") ?? 0, try db.int("SELECT count(*) FROM users") ?? 0,
                    try db.int("SELECT count(*) FROM bookings") ?? 0,
                ]
            }
            return DemoSeedReport(
                seeded: false, seed: seed, scale: scale, tenants: Int(counts[0]), users: Int(counts[1]), sessions: Int(counts[2]),
                seconds: 0)
        case .notDemo:
            throw DomainError.conflict(
                "the database holds data that seed-demo did not create; it only fills an empty data directory")
        case .incomplete:
            throw DomainError.conflict(
                "an earlier seed-demo run was interrupted; remove the data directory's portal.sqlite (with -wal and -shm) and run it again"
            )
        case .empty:
            break
        }
        let started = Date()
        let reference = options.referenceDay ?? (portal.clock.seconds / 86_400 * 86_400)
        var generator = DemoGenerator(options: options, reference: reference, keyring: portal.keyring)
        try portal.database.withWriter { db in
            try db.execute("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF")
            defer {
                try? db.execute(
                    "PRAGMA foreign_keys = ON; PRAGMA synchronous = \(portal.database.configuration.synchronous.rawValue)")
            }
            try generator.generate(db)
        }
        let counts = generator.counts
        return DemoSeedReport(
            seeded: true, seed: options.seed, scale: options.scale, tenants: counts.tenants, users: counts.users,
            sessions: counts.sessions, seconds: Date().timeIntervalSince(started))
    }

    /// The demo accounts with their passwords and TOTP secrets. Refuses a database that is not a demo
    /// database.
    public func accounts() throws -> [DemoAccount] {
        guard case .demo(let seed, _) = try state() else {
            throw DomainError.notPermitted("--print-accounts works only on a demo database created by seed-demo")
        }
        let specs = DemoGenerator.accountSpecs
        let passwords = DemoGenerator.passwords(seed: seed, count: specs.count)
        return try specs.enumerated().map { index, spec in
            guard let user = try portal.users.user(email: spec.email) else {
                throw DomainError.notFound("demo account \(spec.email)")
            }
            let tenant = try user.tenantID.map { id in
                try portal.database.read { db in try db.string("SELECT name FROM tenants WHERE id = ?", [id]) ?? "" }
            }
            return DemoAccount(
                email: spec.email, role: spec.role.rawValue, password: passwords[index],
                totp_secret: spec.role.isOwnerStaff ? try portal.users.totpSecret(userID: user.id) : nil, tenant: tenant)
        }
    }

    /// SHA-256 over the demo tables' rows in id order (excluding password hashes, sealed secrets and
    /// the seeding time): equal digests mean equal data.
    public static func digest(_ database: Database) throws -> String {
        let tables: [(String, String)] = [
            ("features", "key, name, description, created_at"), ("plans", "*"), ("plan_features", "*"), ("tenants", "*"),
            ("tenant_usage", "*"), ("tenant_month_sessions", "*"),
            (
                "users",
                "id, email, display_name, role, tenant_id, status, created_at, joined_at, must_change_password, totp_enabled"
            ),
            ("clients", "*"), ("coaches", "*"), ("bookings", "*"), ("session_slots", "*"), ("invoices", "*"),
            ("upgrade_requests", "*"), ("messages", "*"), ("message_reads", "*"), ("feature_overrides", "*"),
            ("audit_entries", "*"), ("audit_notes", "*"), ("system_events", "*"),
        ]
        return try database.read { db in
            var hasher = DigestBuffer()
            for (table, columns) in tables {
                hasher.add("table \(table)\n")
                try db.each("SELECT \(columns) FROM \(table) ORDER BY 1, 2") { s in
                    var line = ""
                    for index in 0..<s.columnCount { line += s.value(index).description + "|" }
                    hasher.add(line + "\n")
                }
            }
            return hasher.finish()
        }
    }

    /// Accumulates text and hashes it in 1 MiB pieces (a chained SHA-256, enough for equality checks).
    private struct DigestBuffer {
        var pending: [UInt8] = []
        var state: [UInt8] = []

        /// Appends text.
        mutating func add(_ text: String) {
            pending.append(contentsOf: text.utf8)
            if pending.count >= 1 << 20 { flush() }
        }

        /// Folds the pending bytes into the state.
        mutating func flush() {
            state = Crypto.sha256(state + pending)
            pending.removeAll(keepingCapacity: true)
        }

        /// The final hex digest.
        mutating func finish() -> String {
            flush()
            return ByteEncoding.hex(state)
        }
    }
}

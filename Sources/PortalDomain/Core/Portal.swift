import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The domain's facade: the database, the clock and every service. Handlers call only these services,
/// never SQL.
///
/// ```swift
/// let portal = try Portal.open(dataDirectory: DataDirectory(path: "./data"))
/// try portal.tenants.suspend(tenantID, reason: "unpaid invoices", by: actor)
/// ```
public final class Portal: Sendable {
    /// The database (for health probes and the CLI; services are the API for everything else).
    public let database: Database
    /// The clock every service reads.
    public let clock: any WallClock
    /// The data directory, when opened on one.
    public let dataDirectory: DataDirectory?
    /// The data directory's secret (AES-GCM for secrets at rest, HMAC for token lookups).
    public let keyring: SecretKeyring

    /// Tenants: directory, detail, settings, suspend/reactivate/block, plan changes, reset, anonymize.
    public let tenants: TenantService
    /// Plans and their limits and features.
    public let plans: PlanService
    /// The feature catalogue, per-tenant overrides and `isEnabled`.
    public let features: FeatureService
    /// Usage against limits, usage alerts, storage accounting.
    public let usage: UsageService
    /// Users, roles and credentials.
    public let users: UserService
    /// A tenant's clients.
    public let clients: PeopleService
    /// A tenant's coaches.
    public let coaches: PeopleService
    /// Training sessions (bookings).
    public let bookings: BookingService
    /// Invoices.
    public let invoices: InvoiceService
    /// Upgrade requests.
    public let upgrades: UpgradeService
    /// Broadcasts, tenant notices and every user's inbox.
    public let broadcasts: BroadcastService
    /// The audit log: reading, verification, export.
    public let audit: AuditService
    /// Dashboard metrics.
    public let metrics: MetricsService
    /// Health data and system events.
    public let health: HealthService
    /// The background job scheduler (not started until `jobs.start()`).
    public let jobs: JobScheduler
    /// Password sign-in, password changes, brute-force throttling.
    public let auth: AuthService
    /// Server-side sessions: resolve, rotate, list, revoke, expire.
    public let sessions: SessionService
    /// TOTP: sign-in's second step, step-up, enrolment, recovery codes.
    public let twoFactor: TwoFactorService

    /// A portal over an open `database`; applies pending migrations first.
    public init(
        database: Database, clock: any WallClock = SystemClock(), keyring: SecretKeyring = .random(),
        dataDirectory: DataDirectory? = nil, authConfiguration: AuthConfiguration = AuthConfiguration()
    ) throws {
        try Migrator.migrate(database, now: clock.seconds)
        self.database = database
        self.clock = clock
        self.keyring = keyring
        self.dataDirectory = dataDirectory
        let context = ServiceContext(database: database, clock: clock, keyring: keyring)
        tenants = TenantService(context: context)
        plans = PlanService(context: context)
        features = FeatureService(context: context)
        usage = UsageService(context: context)
        users = UserService(context: context)
        clients = PeopleService(context: context, kind: .client)
        coaches = PeopleService(context: context, kind: .coach)
        bookings = BookingService(context: context)
        invoices = InvoiceService(context: context)
        upgrades = UpgradeService(context: context)
        broadcasts = BroadcastService(context: context)
        audit = AuditService(context: context)
        metrics = MetricsService(context: context)
        health = HealthService(context: context, dataDirectory: dataDirectory)
        jobs = JobScheduler(context: context)
        DomainJobs.register(in: jobs, portalContext: context, dataDirectory: dataDirectory)
        let authShared = AuthShared(configuration: authConfiguration)
        auth = AuthService(context: context, shared: authShared)
        sessions = SessionService(context: context, shared: authShared)
        twoFactor = TwoFactorService(context: context, shared: authShared)
        jobs.register("expire-sessions", every: 300) { [sessions] in
            "\(try sessions.expire()) sessions removed"
        }
        try checkKeyFingerprint()
    }

    /// Opens the portal on a data directory: creates it (0700), its secret key (0600) and the database,
    /// and applies pending migrations.
    public static func open(
        dataDirectory: DataDirectory, clock: any WallClock = SystemClock(),
        configuration: Database.Configuration = Database.Configuration(), auth: AuthConfiguration = AuthConfiguration()
    ) throws -> Portal {
        try dataDirectory.create()
        let key = try dataDirectory.loadOrCreateSecretKey()
        let database = try Database.open(path: dataDirectory.databasePath, configuration: configuration)
        // SQLite creates files 0644 and gives -wal/-shm the database file's mode: keep all three private.
        _ = chmod(dataDirectory.databasePath, 0o600)
        return try Portal(
            database: database, clock: clock, keyring: SecretKeyring(key: key), dataDirectory: dataDirectory,
            authConfiguration: auth)
    }

    /// A portal on a fresh temporary database (tests).
    public static func temporary(
        clock: any WallClock = SystemClock(), auth: AuthConfiguration = AuthConfiguration()
    ) throws -> Portal {
        try Portal(database: try Database.temporary(), clock: clock, authConfiguration: auth)
    }

    /// Records the key's fingerprint on first open. A database whose secrets were sealed with another
    /// key is still opened (the data is readable), but the mismatch is reported as a system event.
    private func checkKeyFingerprint() throws {
        let fingerprint = keyring.fingerprint
        let now = clock.seconds
        try database.write { tx in
            if let stored = try tx.string("SELECT value FROM meta WHERE key = 'secret_key_fingerprint'") {
                if stored != fingerprint {
                    try HealthService.recordEvent(
                        tx, level: .error, source: "secret-key",
                        message: "secret.key does not match the key this database's secrets were sealed with", at: now)
                    try tx.run("UPDATE meta SET value = ? WHERE key = 'secret_key_fingerprint'", [fingerprint])
                }
            } else {
                try tx.run("INSERT INTO meta (key, value) VALUES ('secret_key_fingerprint', ?)", [fingerprint])
            }
        }
    }

    /// The fingerprint of the key the database's secrets were sealed with (from `meta`).
    public static func storedKeyFingerprint(_ connection: SQLiteConnection) throws -> String? {
        try connection.string("SELECT value FROM meta WHERE key = 'secret_key_fingerprint'")
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Health data for `/owner/health`, `/readyz` and the jobs: probes, sizes, integrity checks, system events.
public struct HealthService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext
    /// The data directory, for free-space figures.
    let dataDirectory: DataDirectory?

    /// Runs the probe query (`SELECT count(*) FROM schema_migrations` on a reader) and times it.
    public func probe() -> (ok: Bool, microseconds: Int64, error: String?) {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            _ = try context.database.read { db in try db.int("SELECT count(*) FROM schema_migrations") }
            return (true, Int64((DispatchTime.now().uptimeNanoseconds - start) / 1_000), nil)
        } catch {
            return (false, Int64((DispatchTime.now().uptimeNanoseconds - start) / 1_000), String(describing: error))
        }
    }

    /// Everything the health page shows about storage and jobs.
    public func snapshot(by actor: ActingUser) throws -> HealthSnapshot {
        try actor.require(.readPlatform)
        let probe = probe()
        let sizes = context.database.fileSizes()
        let space = dataDirectory.flatMap { HealthService.fileSystemSpace($0.path) }
        /// What the snapshot reads from the database in one transaction.
        struct Stored: Sendable {
            var integrity: IntegrityCheck?
            var audit: IntegrityCheck?
            var jobs: [JobStatus] = []
            var events: [SystemEvent] = []
            var level = ""
            var version = ""
        }
        let stored: Stored =
            (try? context.read { db, _ in
                Stored(
                    integrity: try HealthService.lastCheck(db, kinds: [.quick, .full]),
                    audit: try HealthService.lastCheck(db, kinds: [.auditChain]), jobs: try JobScheduler.statuses(db),
                    events: try HealthService.events(db, minimum: .warning, limit: 20),
                    level: try Migrator.appliedIDs(db).last ?? "", version: try db.string("SELECT sqlite_version()") ?? "")
            }) ?? Stored()
        return HealthSnapshot(
            databaseReachable: probe.ok, probeMicroseconds: probe.microseconds, databaseError: probe.error,
            databaseBytes: sizes.database, walBytes: sizes.wal, freeBytes: space?.free, totalBytes: space?.total,
            lastIntegrityCheck: stored.integrity, lastAuditCheck: stored.audit, jobs: stored.jobs, recentEvents: stored.events,
            migrationLevel: stored.level, sqliteVersion: stored.version)
    }

    /// Free and total bytes of the file system holding `path` (`statvfs`).
    public static func fileSystemSpace(_ path: String) -> (free: Int64, total: Int64)? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return (Int64(info.f_bavail) * Int64(info.f_frsize), Int64(info.f_blocks) * Int64(info.f_frsize))
    }

    /// Records a system event (any component may; errors show on the dashboard).
    @discardableResult
    public func recordEvent(level: EventLevel, source: String, message: String, tenantID: Int64? = nil) throws -> Int64 {
        try context.write { tx, now in
            try HealthService.recordEvent(tx, level: level, source: source, message: message, tenantID: tenantID, at: now)
        }
    }

    @discardableResult
    static func recordEvent(
        _ tx: SQLiteConnection, level: EventLevel, source: String, message: String, tenantID: Int64? = nil, at now: Int64
    ) throws -> Int64 {
        try tx.insert(
            "INSERT INTO system_events (created_at, level, source, message, tenant_id) VALUES (?, ?, ?, ?, ?)",
            [now, level, String(source.prefix(100)), String(message.prefix(2_000)), tenantID])
    }

    /// Recent events at or above `minimum`, newest first.
    public func events(minimum: EventLevel = .info, limit: Int = 50, by actor: ActingUser) throws -> [SystemEvent] {
        try actor.require(.readPlatform)
        return try context.read { db, _ in try HealthService.events(db, minimum: minimum, limit: limit) }
    }

    /// `events` on the caller's connection (inside its read or write transaction).
    static func events(_ db: SQLiteConnection, minimum: EventLevel, limit: Int) throws -> [SystemEvent] {
        let levels: [String] =
            switch minimum {
            case .info: ["info", "warning", "error"]
            case .warning: ["warning", "error"]
            case .error: ["error", "error"]
            }
        let placeholders = levels.map { _ in "?" }.joined(separator: ", ")
        return try db.rows(
            """
            SELECT id, created_at, level, source, message, tenant_id FROM system_events
            WHERE level IN (\(placeholders)) ORDER BY created_at DESC, id DESC LIMIT ?
            """, levels.map { $0 as (any SQLBindable)? } + [limit]
        ).map {
            SystemEvent(
                id: $0.int64(0), createdAt: $0.int64(1), level: EventLevel(rawValue: $0.string(2)) ?? .info, source: $0.string(3),
                message: $0.string(4), tenantID: $0.optionalInt64(5))
        }
    }

    /// Runs `PRAGMA quick_check` or `integrity_check` on a reader and records the outcome (an error
    /// event when it fails).
    @discardableResult
    public func runIntegrityCheck(_ kind: IntegrityCheckKind = .quick) throws -> IntegrityCheck {
        let start = DispatchTime.now().uptimeNanoseconds
        let result: [String]
        switch kind {
        case .quick, .full:
            result = try context.database.read { db in
                try db.rows(kind == .quick ? "PRAGMA quick_check(20)" : "PRAGMA integrity_check(20)").map { $0.string(0) }
            }
        case .auditChain:
            let verification = try context.read { db, now in try AuditService.verifyChain(db, now: now) }
            result = [
                verification.isIntact ? "ok" : "\(verification.checked) broken at \(verification.firstBrokenID ?? 0)"
            ]
            return try record(kind, ok: verification.isIntact, text: "\(verification.checked) entries " + result[0], start: start)
        }
        return try record(kind, ok: result == ["ok"], text: result.joined(separator: "; "), start: start)
    }

    private func record(_ kind: IntegrityCheckKind, ok: Bool, text: String, start: UInt64) throws -> IntegrityCheck {
        let duration = Int64((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        return try context.write { tx, now in
            try tx.run(
                "INSERT INTO integrity_checks (kind, ok, result, checked_at, duration_ms) VALUES (?, ?, ?, ?, ?)",
                [kind, ok, String(text.prefix(4_000)), now, duration])
            if !ok {
                try HealthService.recordEvent(tx, level: .error, source: "integrity:\(kind.rawValue)", message: text, at: now)
            }
            return IntegrityCheck(kind: kind, ok: ok, result: text, checkedAt: now, durationMilliseconds: duration)
        }
    }

    /// `lastCheck` on the caller's connection (inside its read or write transaction).
    static func lastCheck(_ db: SQLiteConnection, kinds: [IntegrityCheckKind]) throws -> IntegrityCheck? {
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        return try db.row(
            """
            SELECT kind, ok, result, checked_at, duration_ms FROM integrity_checks WHERE kind IN (\(placeholders))
            ORDER BY checked_at DESC, id DESC LIMIT 1
            """, kinds.map { $0.rawValue as (any SQLBindable)? }
        ).map {
            IntegrityCheck(
                kind: IntegrityCheckKind(rawValue: $0.string(0)) ?? .quick, ok: $0.bool(1), result: $0.string(2),
                checkedAt: $0.int64(3), durationMilliseconds: $0.int64(4))
        }
    }
}

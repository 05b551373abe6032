/// Severity of a system event.
public enum EventLevel: String, Sendable, CaseIterable, SQLBindable {
    case info
    case warning
    case error
}

/// Something the system noticed (the health page's error list; errors also raise dashboard alerts).
public struct SystemEvent: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// UTC seconds.
    public let createdAt: Int64
    /// Severity.
    public let level: EventLevel
    /// Where it came from (`job:integrity-check`, `http`, …).
    public let source: String
    /// What happened.
    public let message: String
    /// The tenant concerned, if any.
    public let tenantID: Int64?
}

/// What an integrity check checks.
public enum IntegrityCheckKind: String, Sendable, SQLBindable {
    /// `PRAGMA quick_check`.
    case quick
    /// `PRAGMA integrity_check`.
    case full
    /// The audit log's hash chain.
    case auditChain = "audit_chain"
}

/// The outcome of one integrity check.
public struct IntegrityCheck: Sendable, Equatable {
    /// Which check.
    public let kind: IntegrityCheckKind
    /// True when it found nothing wrong.
    public let ok: Bool
    /// `ok`, or the problems found (first lines).
    public let result: String
    /// When (UTC seconds).
    public let checkedAt: Int64
    /// How long it took.
    public let durationMilliseconds: Int64
}

/// A background job's last runs.
public struct JobStatus: Sendable, Equatable {
    /// Job name.
    public let name: String
    /// How often it runs, in seconds.
    public let intervalSeconds: Int64
    /// Last start (UTC seconds).
    public let lastStartedAt: Int64?
    /// Last end (UTC seconds).
    public let lastFinishedAt: Int64?
    /// Duration of the last run.
    public let lastDurationMilliseconds: Int64?
    /// The last successful run's summary.
    public let lastResult: String?
    /// The last error (kept until a later success clears `isFailing`).
    public let lastError: String?
    /// When the last error happened.
    public let lastErrorAt: Int64?
    /// Last success (UTC seconds).
    public let lastSuccessAt: Int64?
    /// Runs so far.
    public let runs: Int
    /// Failed runs so far.
    public let failures: Int

    /// True when the latest run failed.
    public var isFailing: Bool {
        guard let lastErrorAt else { return false }
        return lastErrorAt >= (lastSuccessAt ?? 0)
    }
}

/// Everything `/owner/health` shows about the domain (the server adds TLS, HTTP and process cards).
public struct HealthSnapshot: Sendable, Equatable {
    /// The probe query succeeded.
    public let databaseReachable: Bool
    /// Its latency in microseconds.
    public let probeMicroseconds: Int64
    /// The probe's error, when it failed.
    public let databaseError: String?
    /// Database file size.
    public let databaseBytes: Int64
    /// WAL file size.
    public let walBytes: Int64
    /// Free bytes for unprivileged users on the data directory's file system (nil without a data dir).
    public let freeBytes: Int64?
    /// Size of that file system.
    public let totalBytes: Int64?
    /// Latest `quick_check`/`integrity_check`.
    public let lastIntegrityCheck: IntegrityCheck?
    /// Latest audit-chain verification.
    public let lastAuditCheck: IntegrityCheck?
    /// Every job's status.
    public let jobs: [JobStatus]
    /// Recent warnings and errors, newest first.
    public let recentEvents: [SystemEvent]
    /// Applied migration level.
    public let migrationLevel: String
    /// The SQLite library version.
    public let sqliteVersion: String
}

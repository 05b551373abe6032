import Foundation
import Synchronization

/// Runs named periodic jobs on one background thread; every run is recorded in `job_status` (last
/// start, duration, result, last error), and a job that throws records its error and a system event
/// without affecting the others.
///
/// Jobs are due when `interval` seconds have passed since their last recorded start, read from the
/// database, so a restart does not rerun a daily job. `runDue()` is the whole scheduling step and can
/// be called directly (tests advance a `ManualClock` and call it).
public final class JobScheduler: Sendable {
    /// One registered job.
    public struct Job: Sendable {
        /// Unique name (`expire-feature-overrides`).
        public let name: String
        /// Seconds between runs.
        public let interval: Int64
        /// The work; returns a one-line summary of what it did.
        public let body: @Sendable () throws -> String
    }

    private struct State {
        var jobs: [Job] = []
        var running = false
        var stopRequested = false
    }

    private let context: ServiceContext
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// How long the loop sleeps between checks, in seconds.
    public let tick: TimeInterval

    /// A scheduler over `context`, checking for due jobs every `tick` seconds.
    init(context: ServiceContext, tick: TimeInterval = 5) {
        self.context = context
        self.tick = tick
    }

    /// Registers a job (the sign-in phase adds `expire-sessions`, `expire-impersonations`, …) and
    /// records it in `job_status`, so the health page lists it before its first run. A name
    /// registered twice is a programmer error.
    public func register(_ name: String, every interval: TimeInterval, _ body: @escaping @Sendable () throws -> String) {
        state.withLock { state in
            precondition(!state.jobs.contains { $0.name == name }, "job \(name) is registered twice")
            state.jobs.append(Job(name: name, interval: Int64(interval), body: body))
        }
        _ = try? context.database.write { tx in
            try tx.run(
                """
                INSERT INTO job_status (name, interval_seconds) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET interval_seconds = excluded.interval_seconds
                """, [name, Int64(interval)])
        }
    }

    /// The registered job names, in registration order.
    public var names: [String] { state.withLock { $0.jobs.map(\.name) } }

    /// Starts the background thread (idempotent).
    public func start() {
        let alreadyRunning = state.withLock { state -> Bool in
            if state.running { return true }
            state.running = true
            state.stopRequested = false
            return false
        }
        guard !alreadyRunning else { return }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopRequested }) {
                runDue()
                _ = wake.wait(timeout: .now() + tick)
            }
            finished.signal()
        }
        thread.name = "portal-jobs"
        thread.start()
    }

    /// Stops the thread after the job in progress, if any, and waits for it.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            guard state.running else { return false }
            state.stopRequested = true
            state.running = false
            return true
        }
        guard wasRunning else { return }
        wake.signal()
        finished.wait()
    }

    /// Runs every due job once, in registration order; returns the names that ran.
    @discardableResult
    public func runDue() -> [String] {
        let jobs = state.withLock { $0.jobs }
        let now = context.now
        let lastStarts =
            (try? context.read { db, _ in
                Dictionary(
                    uniqueKeysWithValues: try db.rows(
                        "SELECT name, last_started_at FROM job_status WHERE last_started_at IS NOT NULL"
                    ).map {
                        ($0.string(0), $0.int64(1))
                    })
            }) ?? [:]
        var ran: [String] = []
        for job in jobs where now >= (lastStarts[job.name] ?? Int64.min / 2) + job.interval {
            if state.withLock({ $0.stopRequested }) { break }
            run(job)
            ran.append(job.name)
        }
        return ran
    }

    /// Runs the named job now, whether due or not, and returns its status.
    @discardableResult
    public func run(_ name: String) throws -> JobStatus {
        guard let job = state.withLock({ $0.jobs.first { $0.name == name } }) else { throw DomainError.notFound("job \(name)") }
        run(job)
        return try statuses().first { $0.name == name } ?? { throw DomainError.notFound("job \(name)") }()
    }

    private func run(_ job: Job) {
        let startedAt = context.now
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try? context.database.write { tx in
            try tx.run(
                """
                INSERT INTO job_status (name, interval_seconds, last_started_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET interval_seconds = excluded.interval_seconds,
                    last_started_at = excluded.last_started_at
                """, [job.name, job.interval, startedAt])
        }
        let outcome: Result<String, any Error>
        do { outcome = .success(try job.body()) } catch { outcome = .failure(error) }
        let duration = Int64((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        let finishedAt = context.now
        _ = try? context.database.write { tx in
            switch outcome {
            case .success(let summary):
                try tx.run(
                    """
                    UPDATE job_status SET last_finished_at = ?, last_duration_ms = ?, last_result = ?, last_success_at = ?,
                        runs = runs + 1 WHERE name = ?
                    """, [finishedAt, duration, String(summary.prefix(500)), finishedAt, job.name])
            case .failure(let error):
                let message = String(String(describing: error).prefix(2_000))
                try tx.run(
                    """
                    UPDATE job_status SET last_finished_at = ?, last_duration_ms = ?, last_error = ?, last_error_at = ?,
                        runs = runs + 1, failures = failures + 1 WHERE name = ?
                    """, [finishedAt, duration, message, finishedAt, job.name])
                try HealthService.recordEvent(tx, level: .error, source: "job:\(job.name)", message: message, at: finishedAt)
            }
        }
    }

    /// Every recorded job's status, by name.
    public func statuses() throws -> [JobStatus] {
        try context.read { db, _ in try JobScheduler.statuses(db) }
    }

    /// `statuses` on the caller's connection (inside its read or write transaction).
    static func statuses(_ db: SQLiteConnection) throws -> [JobStatus] {
        try db.rows(
            """
            SELECT name, interval_seconds, last_started_at, last_finished_at, last_duration_ms, last_result, last_error,
                last_error_at, last_success_at, runs, failures FROM job_status ORDER BY name
            """
        ).map {
            JobStatus(
                name: $0.string(0), intervalSeconds: $0.int64(1), lastStartedAt: $0.optionalInt64(2),
                lastFinishedAt: $0.optionalInt64(3), lastDurationMilliseconds: $0.optionalInt64(4),
                lastResult: $0.optionalString(5), lastError: $0.optionalString(6), lastErrorAt: $0.optionalInt64(7),
                lastSuccessAt: $0.optionalInt64(8), runs: $0.int(9), failures: $0.int(10))
        }
    }
}

import Foundation
import Synchronization

/// The portal's database: one writer connection behind a lock and a small pool of reader connections,
/// all on one SQLite file in WAL mode.
///
/// `write` runs its closure in a `BEGIN IMMEDIATE` transaction (commit on return, rollback on throw);
/// `read` runs a read transaction on a reader, so every query inside sees one consistent snapshot while
/// the writer carries on. Do not call `write` from inside `write` (the lock is not recursive: a
/// programmer error that deadlocks).
public final class Database: Sendable {
    /// How the connections are set up.
    public struct Configuration: Sendable {
        /// `synchronous` pragma. `.full` (the default) fsyncs the WAL at every commit, so a committed
        /// transaction survives power loss; `.normal` survives a killed process but may lose the last
        /// commits on power loss, in exchange for cheaper commits (bulk loads use it).
        public var synchronous: Synchronous = .full
        /// Reader connections (at least 1).
        public var readers: Int = 4
        /// How long a write waits for another process's lock, in milliseconds.
        public var busyTimeoutMilliseconds: Int32 = 5_000
        /// Page cache of the writer, in KiB.
        public var writerCacheKiB: Int = 8 * 1_024
        /// Page cache of each reader, in KiB.
        public var readerCacheKiB: Int = 4 * 1_024
        /// WAL file size kept after a checkpoint, in bytes.
        public var journalSizeLimit: Int = 64 * 1_024 * 1_024

        /// The defaults: durable commits, four readers, small caches.
        public init() {}
    }

    /// Values of the `synchronous` pragma this module uses.
    public enum Synchronous: String, Sendable {
        case full = "FULL"
        case normal = "NORMAL"
        case off = "OFF"
    }

    /// The database file.
    public let path: String
    /// The configuration it was opened with.
    public let configuration: Configuration
    private let writer: LockedConnection
    private let readers: [LockedConnection]
    private let nextReader = Atomic<Int>(0)
    private let temporaryDirectory: String?

    private init(path: String, configuration: Configuration, temporaryDirectory: String?) throws {
        self.path = path
        self.configuration = configuration
        self.temporaryDirectory = temporaryDirectory
        let writerConnection = try SQLiteConnection(path: path)
        try Database.configureWriter(writerConnection, configuration)
        self.writer = LockedConnection(writerConnection)
        var slots: [LockedConnection] = []
        for _ in 0..<max(1, configuration.readers) {
            let reader = try SQLiteConnection(path: path, create: false)
            try Database.configureReader(reader, configuration)
            slots.append(LockedConnection(reader))
        }
        self.readers = slots
    }

    deinit {
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }

    /// Opens (creating if needed) the database file at `path`. Does not migrate: see `Migrator`.
    public static func open(path: String, configuration: Configuration = Configuration()) throws -> Database {
        try Database(path: path, configuration: configuration, temporaryDirectory: nil)
    }

    /// A fresh database in a new temporary directory, removed when the value is released (for tests).
    public static func temporary(configuration: Configuration = Configuration()) throws -> Database {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("portal-db-\(ByteEncoding.hex(Crypto.randomBytes(8)))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = configuration
        // Test databases are thrown away: durable commits would only slow the suite down.
        config.synchronous = .normal
        return try Database(path: directory + "/portal.sqlite", configuration: config, temporaryDirectory: directory)
    }

    private static func configureWriter(_ connection: SQLiteConnection, _ configuration: Configuration) throws {
        connection.setBusyTimeout(milliseconds: configuration.busyTimeoutMilliseconds)
        guard try connection.string("PRAGMA journal_mode = WAL")?.lowercased() == "wal" else {
            throw SQLiteError(code: 1, message: "could not switch \(connection.path) to WAL mode")
        }
        try connection.execute(
            """
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = \(configuration.synchronous.rawValue);
            PRAGMA journal_size_limit = \(configuration.journalSizeLimit);
            PRAGMA cache_size = -\(configuration.writerCacheKiB);
            PRAGMA temp_store = MEMORY;
            """)
    }

    private static func configureReader(_ connection: SQLiteConnection, _ configuration: Configuration) throws {
        connection.setBusyTimeout(milliseconds: configuration.busyTimeoutMilliseconds)
        // query_only: a read closure that tries to write fails instead of racing the writer.
        try connection.execute(
            """
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = -\(configuration.readerCacheKiB);
            PRAGMA temp_store = MEMORY;
            PRAGMA query_only = ON;
            """)
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`): commits when it returns, rolls back and
    /// rethrows when it throws.
    @discardableResult
    public func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.withConnection { connection in
            try connection.execute("BEGIN IMMEDIATE")
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                if !connection.isAutocommit { try? connection.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Runs `body` on the writer connection outside any transaction (VACUUM, pragmas, bulk loads that
    /// manage their own transactions).
    @discardableResult
    public func withWriter<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.withConnection { connection in try body(connection) }
    }

    /// Runs `body` in a read transaction on a reader connection: one consistent snapshot.
    @discardableResult
    public func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let start = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue
        let count = readers.count
        // Prefer a free reader; when all are busy, queue on one of them.
        for offset in 0..<count {
            let slot = readers[(start &+ offset) % count]
            if let result = try slot.withConnectionIfAvailable({ try Database.inReadTransaction($0, body) }) {
                return result
            }
        }
        return try readers[start % count].withConnection { try Database.inReadTransaction($0, body) }
    }

    private static func inReadTransaction<T>(_ connection: SQLiteConnection, _ body: (SQLiteConnection) throws -> T)
        throws -> T
    {
        try connection.execute("BEGIN")
        defer { if !connection.isAutocommit { try? connection.execute("COMMIT") } }
        return try body(connection)
    }

    /// Writes a consistent copy of the database to `destination` (online: readers and the writer go on).
    public func backup(to destination: String) throws {
        try read { connection in try connection.backup(to: destination) }
    }

    /// Sizes of the database file and its WAL, in bytes (0 when a file is missing).
    public func fileSizes() -> (database: Int64, wal: Int64) {
        func size(_ file: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return (size(path), size(path + "-wal"))
    }
}

/// One forward-only schema change. A shipped migration is never edited: add a new one instead.
public struct Migration: Sendable {
    /// Stable, ordered identifier, e.g. `0001_core`.
    public let id: String
    /// The SQL script (may hold several statements).
    public let sql: String

    /// A migration with its id and script.
    public init(id: String, sql: String) {
        self.id = id
        self.sql = sql
    }
}

/// Applies migrations in order, one transaction each, recording them in `schema_migrations`.
public enum Migrator {
    /// Every migration of this build, in order.
    public static var all: [Migration] { Schema.migrations }

    /// The id of the newest migration this build knows.
    public static var currentLevel: String { all.last?.id ?? "" }

    /// Applies the pending migrations of `migrations` to `database` and returns the ids it applied.
    ///
    /// Safe to run again (applied ids are skipped) and from two processes at once (each migration
    /// checks its record inside its own `BEGIN IMMEDIATE` transaction). Refuses a database that holds a
    /// migration this build does not know: it was written by a newer portal.
    @discardableResult
    public static func migrate(_ database: Database, migrations: [Migration] = all, now: Int64) throws -> [String] {
        try database.withWriter { connection in
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT")
        }
        let known = Set(migrations.map(\.id))
        let applied = try database.read { connection in try appliedIDs(connection) }
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw DomainError.conflict(
                "the database has migration \(unknown), which this portal does not know: it was written by a newer version")
        }
        var done: [String] = []
        for migration in migrations where !applied.contains(migration.id) {
            let ran = try database.write { connection -> Bool in
                guard try connection.int("SELECT 1 FROM schema_migrations WHERE id = ?", [migration.id]) == nil else {
                    return false
                }
                try connection.execute(migration.sql)
                try connection.run("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", [migration.id, now])
                return true
            }
            if ran { done.append(migration.id) }
        }
        return done
    }

    /// The migration ids recorded in the database, in the order they were applied; [] before the first.
    public static func appliedIDs(_ connection: SQLiteConnection) throws -> [String] {
        guard
            try connection.int("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") != nil
        else { return [] }
        return try connection.rows("SELECT id FROM schema_migrations ORDER BY rowid").map { $0.string(0) }
    }
}

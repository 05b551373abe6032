import Testing

@testable import PortalDomain

@Suite struct MigratorTests {
    @Test func migrationsAreRecordedAndIdempotent() throws {
        let db = try Database.temporary()
        let first = try Migrator.migrate(db, now: 1)
        #expect(first == Migrator.all.map(\.id))
        #expect(try Migrator.migrate(db, now: 2).isEmpty)
        let recorded = try db.read { try Migrator.appliedIDs($0) }
        #expect(recorded == Migrator.all.map(\.id))
        let times = try db.read { try $0.rows("SELECT applied_at FROM schema_migrations").map { $0.int64(0) } }
        #expect(Set(times) == [1])
    }

    @Test func newMigrationsApplyInOrderOneTransactionEach() throws {
        let db = try Database.temporary()
        let base = [Migration(id: "a", sql: "CREATE TABLE one (x INTEGER)")]
        try Migrator.migrate(db, migrations: base, now: 1)
        let broken =
            base + [
                Migration(id: "b", sql: "CREATE TABLE two (x INTEGER)"),
                Migration(id: "c", sql: "CREATE TABLE three (x INTEGER); INSERT INTO nowhere VALUES (1)"),
            ]
        #expect(throws: SQLiteError.self) { try Migrator.migrate(db, migrations: broken, now: 2) }
        let state = try db.read { db -> ([String], Int64?) in
            (try Migrator.appliedIDs(db), try db.int("SELECT 1 FROM sqlite_schema WHERE name = 'three'"))
        }
        // b committed, c rolled back entirely (its table is gone too).
        #expect(state.0 == ["a", "b"])
        #expect(state.1 == nil)
    }

    @Test func databaseFromANewerBuildIsRefused() throws {
        let db = try Database.temporary()
        try Migrator.migrate(db, now: 1)
        try db.write { try $0.run("INSERT INTO schema_migrations (id, applied_at) VALUES ('9999_future', 1)") }
        #expect(throws: DomainError.self) { try Migrator.migrate(db, now: 2) }
    }

    @Test func schemaHasForeignKeysAndNoViolations() throws {
        let portal = try Portal.temporary()
        let problems = try portal.database.read { try $0.rows("PRAGMA foreign_key_check") }
        #expect(problems.isEmpty)
    }
}

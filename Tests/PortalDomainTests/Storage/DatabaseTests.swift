import Foundation
import Testing

@testable import PortalDomain

@Suite struct DatabaseTests {
    private func database() throws -> Database {
        let db = try Database.temporary()
        try db.withWriter { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)") }
        return db
    }

    struct Boom: Error {}

    @Test func writeCommitsAndRollsBackOnThrow() throws {
        let db = try database()
        try db.write { try $0.run("INSERT INTO t (v) VALUES ('kept')") }
        #expect(throws: Boom.self) {
            try db.write { tx in
                try tx.run("INSERT INTO t (v) VALUES ('lost')")
                throw Boom()
            }
        }
        #expect(try db.read { try $0.rows("SELECT v FROM t").map { $0.string(0) } } == ["kept"])
        // The writer is usable again after the rollback.
        try db.write { try $0.run("INSERT INTO t (v) VALUES ('after')") }
        #expect(try db.read { try $0.int("SELECT count(*) FROM t") } == 2)
    }

    @Test func pragmasAreSet() throws {
        let db = try database()
        let journal = try db.withWriter { try $0.string("PRAGMA journal_mode") }
        let foreignKeys = try db.read { try $0.int("PRAGMA foreign_keys") }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
    }

    @Test func readersCannotWrite() throws {
        let db = try database()
        #expect(throws: SQLiteError.self) { try db.read { try $0.run("INSERT INTO t (v) VALUES ('x')") } }
    }

    @Test func readSeesOneSnapshotWhileTheWriterCommits() throws {
        let db = try database()
        try db.write { try $0.run("INSERT INTO t (v) VALUES ('a')") }
        let counts = try db.read { reader -> [Int64] in
            let before = try reader.int("SELECT count(*) FROM t") ?? 0
            try db.write { try $0.run("INSERT INTO t (v) VALUES ('b')") }
            let after = try reader.int("SELECT count(*) FROM t") ?? 0
            return [before, after]
        }
        #expect(counts == [1, 1])
        #expect(try db.read { try $0.int("SELECT count(*) FROM t") } == 2)
    }

    @Test func concurrentReadersAndOneWriter() async throws {
        let db = try database()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<200 { try db.write { try $0.run("INSERT INTO t (v) VALUES (?)", ["w\(index)"]) } }
            }
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<100 { _ = try db.read { try $0.int("SELECT count(*) FROM t") } }
                }
            }
            try await group.waitForAll()
        }
        #expect(try db.read { try $0.int("SELECT count(*) FROM t") } == 200)
    }

    @Test func backupIsAConsistentCopy() throws {
        let db = try database()
        try db.write { tx in for index in 0..<50 { try tx.run("INSERT INTO t (v) VALUES (?)", ["row \(index)"]) } }
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: target) }
        try db.backup(to: target)
        let copy = try SQLiteConnection(path: target, readOnly: true, create: false)
        #expect(try copy.int("SELECT count(*) FROM t") == 50)
        #expect(try copy.string("PRAGMA integrity_check") == "ok")
    }
}

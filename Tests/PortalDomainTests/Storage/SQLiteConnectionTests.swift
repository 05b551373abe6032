import Foundation
import Testing

@testable import PortalDomain

@Suite struct SQLiteConnectionTests {
    private func connection() throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        return db
    }

    @Test func bindsAndReadsEveryStorageClass() throws {
        let db = try connection()
        let id = try db.insert(
            "INSERT INTO t (i, r, s, b, n) VALUES (?, ?, ?, ?, ?)", [Int64.max, 2.5, "héllo ✓", [UInt8]([0, 1, 255]), nil])
        let row = try #require(try db.row("SELECT id, i, r, s, b, n FROM t WHERE id = ?", [id]))
        #expect(row.int64("i") == Int64.max)
        #expect(row.double("r") == 2.5)
        #expect(row.string("s") == "héllo ✓")
        #expect(row.blob("b") == [0, 1, 255])
        #expect(row.optionalString("n") == nil)
        #expect(row["n"] == .null)
        #expect(try db.int("SELECT count(*) FROM t") == 1)
    }

    @Test func errorCarriesCodeMessageAndSQLButNeverValues() throws {
        let db = try connection()
        try db.execute("CREATE UNIQUE INDEX t_s ON t(s)")
        try db.insert("INSERT INTO t (s) VALUES (?)", ["secret-value-1"])
        let error = try #require(throws: SQLiteError.self) { try db.insert("INSERT INTO t (s) VALUES (?)", ["secret-value-1"]) }
        #expect(error.isConstraintViolation)
        #expect(error.isUniqueViolation)
        #expect(error.sql == "INSERT INTO t (s) VALUES (?)")
        #expect(error.message.contains("UNIQUE"))
        #expect(!error.description.contains("secret-value-1"))
    }

    @Test func wrongArgumentCountIsRefused() throws {
        let db = try connection()
        #expect(throws: SQLiteError.self) { try db.run("INSERT INTO t (i) VALUES (?)", [1, 2]) }
        #expect(throws: SQLiteError.self) { try db.run("SELECT nonsense FROM nowhere") }
    }

    @Test func cachedStatementsAreReusedAndReset() throws {
        let db = try connection()
        for value in 0..<100 { try db.run("INSERT INTO t (i) VALUES (?)", [value]) }
        let first = try db.cachedStatement("SELECT i FROM t WHERE i >= ? ORDER BY i")
        #expect(first === (try db.cachedStatement("SELECT i FROM t WHERE i >= ? ORDER BY i")))
        // A half-read cursor must not leak into the next use.
        try first.bind([10])
        _ = try first.step()
        #expect(try db.rows("SELECT i FROM t WHERE i >= ? ORDER BY i", [95]).map { $0.int(0) } == [95, 96, 97, 98, 99])
    }

    @Test func eachStreamsRowsWithoutBuildingThem() throws {
        let db = try connection()
        for value in 0..<1_000 { try db.run("INSERT INTO t (i) VALUES (?)", [value]) }
        var sum: Int64 = 0
        try db.each("SELECT i FROM t") { sum += $0.int64(0) }
        #expect(sum == 499_500)
    }
}

internal import CSQLite

/// A failed SQLite call: SQLite's result code, extended code and message, and the SQL it ran.
///
/// Bound values are never part of the error (they may be secrets or personal data).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// Primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …).
    public let code: Int32
    /// Extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …).
    public let extendedCode: Int32
    /// SQLite's message for the failure.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// Builds an error from explicit parts.
    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// Captures the connection's current error for `resultCode`.
    static func capture(_ db: OpaquePointer?, _ resultCode: Int32, sql: String? = nil) -> SQLiteError {
        let message: String
        if let db, let text = sqlite3_errmsg(db) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(resultCode))
        }
        let extended = db.map { sqlite3_extended_errcode($0) } ?? resultCode
        return SQLiteError(code: resultCode & 0xff, extendedCode: extended, message: message, sql: sql)
    }

    /// True for constraint violations (UNIQUE, CHECK, FOREIGN KEY, NOT NULL, triggers' RAISE(ABORT)).
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// True for a UNIQUE or PRIMARY KEY violation.
    public var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE (19 | 8 << 8) and SQLITE_CONSTRAINT_PRIMARYKEY (19 | 6 << 8) are macros Swift cannot import.
        extendedCode == SQLITE_CONSTRAINT | (8 << 8) || extendedCode == SQLITE_CONSTRAINT | (6 << 8)
    }

    /// True when the database stayed locked past the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    public var description: String {
        var text = "SQLite error \(code)"
        if extendedCode != code { text += " (extended \(extendedCode))" }
        text += ": \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}

internal import CSQLite

/// One SQLite connection: owns the `sqlite3` handle and a cache of prepared statements.
///
/// Not thread-safe (opened in multi-thread mode, `SQLITE_OPEN_NOMUTEX`): `Database` hands each
/// connection to one thread at a time, behind a `Mutex`.
public final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// The database file (or `:memory:`).
    public let path: String

    /// Opens `path`; `create` makes the file when it is missing.
    public init(path: String, readOnly: Bool = false, create: Bool = true) throws(SQLiteError) {
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        if readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE
            if create { flags |= SQLITE_OPEN_CREATE }
        }
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError.capture(db, rc)
            sqlite3_close_v2(db)
            throw error
        }
        sqlite3_extended_result_codes(db, 1)
        self.handle = db
        self.path = path
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements without arguments (schema scripts, pragmas, BEGIN/COMMIT).
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(code: rc & 0xff, extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// The statement for `sql`, prepared once per connection and reused.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        let statement = try SQLiteStatement(db: handle, sql: sql, persistent: true)
        statements[sql] = statement
        return statement
    }

    /// A fresh statement the caller owns (for SQL that runs once, e.g. built from a filter).
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try SQLiteStatement(db: handle, sql: sql, persistent: false)
    }

    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ arguments: [(any SQLBindable)?] = []) throws(SQLiteError) -> Int {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        try statement.run()
        return Int(sqlite3_changes64(handle))
    }

    /// Runs an INSERT and returns the new row's id.
    @discardableResult
    public func insert(_ sql: String, _ arguments: [(any SQLBindable)?] = []) throws(SQLiteError) -> Int64 {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        try statement.run()
        return sqlite3_last_insert_rowid(handle)
    }

    /// All rows of a query.
    public func rows(_ sql: String, _ arguments: [(any SQLBindable)?] = []) throws(SQLiteError) -> [Row] {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        let columns = statement.rowColumns()
        var result: [Row] = []
        while try statement.step() { result.append(statement.row(columns: columns)) }
        return result
    }

    /// The first row of a query, nil when there is none.
    public func row(_ sql: String, _ arguments: [(any SQLBindable)?] = []) throws(SQLiteError) -> Row? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.row(columns: statement.rowColumns())
    }

    /// The first column of the first row as an integer; nil for no row or NULL.
    public func int(_ sql: String, _ arguments: [(any SQLBindable)?] = []) throws(SQLiteError) -> Int64? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.optionalInt64(0)
    }

    /// The first column of the first row as text; nil for no row or NULL.
    public func string(_ sql: String, _ arguments: [(any SQLBindable)?] = []) throws(SQLiteError) -> String? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.optionalString(0)
    }

    /// Calls `body` with the statement positioned on each row in turn: no `Row` is built, so large
    /// scans (exports, rebuilds) stay cheap. Uses a fresh statement, so `body` may run other queries.
    public func each(
        _ sql: String, _ arguments: [(any SQLBindable)?] = [], _ body: (SQLiteStatement) throws -> Void
    ) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        while try statement.step() { try body(statement) }
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// False while a transaction is open.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Sets the busy timeout: how long a write waits for another process's lock before `SQLITE_BUSY`.
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Drops every cached statement (after a schema change that would make them re-prepare anyway).
    public func clearStatementCache() {
        statements.removeAll()
    }

    /// Copies the whole database into a new file at `destination` with SQLite's online backup API.
    ///
    /// The copy is a consistent snapshot: readers and the writer of other connections carry on.
    public func backup(to destination: String) throws(SQLiteError) {
        let target = try SQLiteConnection(path: destination)
        guard let backup = sqlite3_backup_init(target.handle, "main", handle, "main") else {
            throw SQLiteError.capture(target.handle, sqlite3_errcode(target.handle))
        }
        var rc: Int32
        repeat {
            // Chunks of 1024 pages; a busy or locked source is retried after a short pause.
            rc = sqlite3_backup_step(backup, 1024)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(20) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finish == SQLITE_OK else {
            throw SQLiteError.capture(target.handle, rc == SQLITE_DONE ? finish : rc, sql: "backup")
        }
    }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}

internal import CSQLite

/// A prepared statement. Not thread-safe: it belongs to its connection, which `Database` hands to one
/// thread at a time.
///
/// Statements come from `SQLiteConnection.cachedStatement(_:)` (reused, prepared once per connection)
/// or `prepare(_:)`. Binding resets the statement, so a cached statement can never leak a half-finished
/// cursor into the next use.
public final class SQLiteStatement {
    private let handle: OpaquePointer
    /// The SQL text, for error messages.
    public let sql: String

    /// Prepares `sql` on `db`; `persistent` hints SQLite that the statement is cached.
    init(db: OpaquePointer, sql: String, persistent: Bool) throws(SQLiteError) {
        var statement: OpaquePointer?
        let flags: UInt32 = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(db, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError.capture(db, rc, sql: sql)
        }
        self.handle = statement
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    private var db: OpaquePointer? { sqlite3_db_handle(handle) }

    /// Resets the cursor and clears every binding.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Resets the statement and binds `arguments` to parameters 1…n.
    public func bind(_ arguments: [(any SQLBindable)?]) throws(SQLiteError) {
        sqlite3_reset(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw SQLiteError(
                code: SQLITE_RANGE, message: "statement takes \(expected) arguments, \(arguments.count) given", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument?.sqlValue ?? .null, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v): rc = sqlite3_bind_text(handle, index, v, -1, portal_sqlite_transient())
        case .blob(let v):
            rc = v.withUnsafeBytes { raw in
                sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), portal_sqlite_transient())
            }
        }
        guard rc == SQLITE_OK else { throw SQLiteError.capture(db, rc, sql: sql) }
    }

    /// Binds an integer without boxing: the bulk loaders' fast path.
    public func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        let rc = sqlite3_bind_int64(handle, index, value)
        guard rc == SQLITE_OK else { throw SQLiteError.capture(db, rc, sql: sql) }
    }

    /// Binds a text without boxing.
    public func bind(_ value: String, at index: Int32) throws(SQLiteError) {
        let rc = sqlite3_bind_text(handle, index, value, -1, portal_sqlite_transient())
        guard rc == SQLITE_OK else { throw SQLiteError.capture(db, rc, sql: sql) }
    }

    /// Advances the cursor: true when a row is available, false when the statement is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError.capture(db, rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows (or ignores them) to completion.
    public func run() throws(SQLiteError) {
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Number of result columns.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The result column's name.
    public func columnName(_ index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    /// True when the column of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// The column as an integer (0 for NULL).
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// The column as an integer, nil for NULL.
    public func optionalInt64(_ index: Int32) -> Int64? { isNull(index) ? nil : int64(index) }

    /// The column as a double (0 for NULL).
    public func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// The column as text ("" for NULL).
    public func string(_ index: Int32) -> String {
        guard let text = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as text, nil for NULL.
    public func optionalString(_ index: Int32) -> String? { isNull(index) ? nil : string(index) }

    /// The column as bytes, nil for NULL.
    public func blob(_ index: Int32) -> [UInt8]? {
        guard !isNull(index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let raw = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }

    /// The column as a `SQLValue` of its storage class.
    public func value(_ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: .integer(int64(index))
        case SQLITE_FLOAT: .real(double(index))
        case SQLITE_TEXT: .text(string(index))
        case SQLITE_BLOB: .blob(blob(index) ?? [])
        default: .null
        }
    }

    /// The current row as a `Row` value.
    public func row(columns: RowColumns) -> Row {
        var values = [SQLValue]()
        values.reserveCapacity(Int(columnCount))
        for index in 0..<columnCount { values.append(value(index)) }
        return Row(columns: columns, values: values)
    }

    /// The column names, shared by every `Row` this statement produces.
    public func rowColumns() -> RowColumns {
        RowColumns(names: (0..<columnCount).map { columnName($0) })
    }
}

@available(*, unavailable)
extension SQLiteStatement: Sendable {}

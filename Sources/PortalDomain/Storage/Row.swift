/// The column names of a result set, shared by all of its rows.
public final class RowColumns: Sendable {
    /// Names in result order.
    public let names: [String]
    private let indexByName: [String: Int]

    /// Builds the lookup; for duplicate names the first column wins, as in SQL.
    public init(names: [String]) {
        self.names = names
        var lookup: [String: Int] = [:]
        for (index, name) in names.enumerated() where lookup[name] == nil { lookup[name] = index }
        self.indexByName = lookup
    }

    /// The index of `name`, nil when the result has no such column.
    public func index(of name: String) -> Int? { indexByName[name] }
}

/// One result row: values by position or by column name, with typed accessors.
///
/// Reading a column that is not in the row is a programmer error and traps; reading NULL through a
/// non-optional accessor gives the type's zero (use the `optional…` accessors where NULL means something).
public struct Row: Sendable, CustomStringConvertible {
    /// The result's column names.
    public let columns: RowColumns
    /// The values, in column order.
    public let values: [SQLValue]

    /// A row over `values` named by `columns`.
    public init(columns: RowColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value at `index`.
    public subscript(index: Int) -> SQLValue {
        precondition(index >= 0 && index < values.count, "column \(index) is out of range")
        return values[index]
    }

    /// The value of the column `name`.
    public subscript(name: String) -> SQLValue {
        guard let index = columns.index(of: name) else { preconditionFailure("no column named \(name)") }
        return values[index]
    }

    /// Integer at `index` (0 for NULL).
    public func int64(_ index: Int) -> Int64 { self[index].int64 ?? 0 }
    /// Integer of column `name` (0 for NULL).
    public func int64(_ name: String) -> Int64 { self[name].int64 ?? 0 }
    /// Integer at `index`, nil for NULL.
    public func optionalInt64(_ index: Int) -> Int64? { self[index].int64 }
    /// Integer of column `name`, nil for NULL.
    public func optionalInt64(_ name: String) -> Int64? { self[name].int64 }
    /// `Int` at `index` (0 for NULL).
    public func int(_ index: Int) -> Int { Int(self[index].int64 ?? 0) }
    /// `Int` of column `name` (0 for NULL).
    public func int(_ name: String) -> Int { Int(self[name].int64 ?? 0) }
    /// Boolean (non-zero) at `index`.
    public func bool(_ index: Int) -> Bool { (self[index].int64 ?? 0) != 0 }
    /// Boolean (non-zero) of column `name`.
    public func bool(_ name: String) -> Bool { (self[name].int64 ?? 0) != 0 }
    /// Double at `index` (0 for NULL).
    public func double(_ index: Int) -> Double { self[index].double ?? 0 }
    /// Double of column `name` (0 for NULL).
    public func double(_ name: String) -> Double { self[name].double ?? 0 }
    /// Text at `index` ("" for NULL).
    public func string(_ index: Int) -> String { self[index].string ?? "" }
    /// Text of column `name` ("" for NULL).
    public func string(_ name: String) -> String { self[name].string ?? "" }
    /// Text at `index`, nil for NULL.
    public func optionalString(_ index: Int) -> String? { self[index].string }
    /// Text of column `name`, nil for NULL.
    public func optionalString(_ name: String) -> String? { self[name].string }
    /// Bytes of column `name`, nil for NULL.
    public func blob(_ name: String) -> [UInt8]? { self[name].bytes }

    public var description: String {
        "[" + zip(columns.names, values).map { "\($0): \($1)" }.joined(separator: ", ") + "]"
    }
}

/// Builds a `WHERE` clause from optional conditions, keeping the arguments in step with the `?`s.
struct SQLWhere {
    private var conditions: [String] = []
    /// The arguments, in placeholder order.
    private(set) var arguments: [(any SQLBindable)?] = []

    /// Adds `condition` (with `?` placeholders) and its arguments.
    mutating func add(_ condition: String, _ values: (any SQLBindable)?...) {
        conditions.append(condition)
        arguments.append(contentsOf: values)
    }

    /// `WHERE a AND b`, or "" with no conditions.
    var clause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}

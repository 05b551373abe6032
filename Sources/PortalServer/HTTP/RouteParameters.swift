/// The values captured by `{name}` segments (and `*` for a trailing wildcard), percent-decoded.
struct RouteParameters: Sendable {
    private var storage: [(name: String, value: String)] = []

    /// No parameters.
    init() {}

    /// Parameters from name/value pairs.
    init(_ pairs: [(String, String)]) { storage = pairs.map { (name: $0.0, value: $0.1) } }

    /// The value of `name`, if captured.
    subscript(name: String) -> String? { storage.first { $0.name == name }?.value }

    /// Every captured pair in pattern order.
    var all: [(name: String, value: String)] { storage }

    /// Records a capture.
    mutating func append(_ name: String, _ value: String) { storage.append((name, value)) }

    /// The value of `name` converted to `type`; a missing or unconvertible value is a 400.
    func require<T: LosslessStringConvertible>(_ name: String, as type: T.Type = String.self) throws(HTTPError) -> T {
        guard let text = self[name] else { throw HTTPError(.badRequest, "missing parameter \(name)") }
        guard let value = T(text) else { throw HTTPError(.badRequest, "invalid parameter \(name)") }
        return value
    }
}

/// One field line: a name and its value with surrounding whitespace removed.
struct HTTPField: Sendable, Hashable {
    /// The field name.
    var name: HTTPHeaderName
    /// The field value.
    var value: String
}

/// The fields of a message in the order received; duplicates stay separate lines (never folded).
struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// The field lines in order.
    private(set) var fields: [HTTPField] = []

    /// An empty field list.
    init() {}

    init(dictionaryLiteral elements: (HTTPHeaderName, String)...) {
        fields = elements.map { HTTPField(name: $0.0, value: $0.1) }
    }

    /// Headers made of pre-built fields (shared storage: nothing is copied until changed).
    init(fields: [HTTPField]) { self.fields = fields }

    /// Appends field lines as they are.
    mutating func append(contentsOf more: [HTTPField]) {
        fields.append(contentsOf: more)
    }

    /// The number of field lines.
    var count: Int { fields.count }

    func makeIterator() -> IndexingIterator<[HTTPField]> { fields.makeIterator() }

    /// The first value for `name`, if any.
    subscript(name: HTTPHeaderName) -> String? {
        get {
            for field in fields where field.name == name { return field.value }
            return nil
        }
        set {
            if let newValue { replace(name, with: newValue) } else { remove(name) }
        }
    }

    /// Every value for `name`, in order.
    func values(for name: HTTPHeaderName) -> [String] {
        fields.compactMap { $0.name == name ? $0.value : nil }
    }

    /// True when at least one field is called `name`.
    func contains(_ name: HTTPHeaderName) -> Bool {
        fields.contains { $0.name == name }
    }

    /// Appends a field line, keeping any existing ones.
    mutating func add(_ name: HTTPHeaderName, _ value: String) {
        fields.append(HTTPField(name: name, value: value))
    }

    /// Appends one field line.
    mutating func add(contentsOf field: HTTPField) {
        fields.append(field)
    }

    /// Replaces every field called `name` with one line (appended if absent).
    mutating func replace(_ name: HTTPHeaderName, with value: String) {
        if let index = fields.firstIndex(where: { $0.name == name }) {
            fields[index].value = value
            var position = fields.count - 1
            while position > index {
                if fields[position].name == name { fields.remove(at: position) }
                position -= 1
            }
        } else {
            fields.append(HTTPField(name: name, value: value))
        }
    }

    /// Adds the field only when none with that name exists.
    mutating func addIfAbsent(_ name: HTTPHeaderName, _ value: String) {
        if !contains(name) { add(name, value) }
    }

    /// Removes every field called `name`.
    mutating func remove(_ name: HTTPHeaderName) {
        fields.removeAll { $0.name == name }
    }

    /// True when a comma-separated list field (e.g. `Connection`) contains `token`, case-insensitively.
    func containsToken(_ token: String, in name: HTTPHeaderName) -> Bool {
        for value in values(for: name) {
            for item in value.split(separator: ",") {
                let trimmed = item.trimmingASCIIWhitespace()
                if HTTPHeaderName.asciiLowercased(String(trimmed)) == token { return true }
            }
        }
        return false
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs (HTTP's OWS).
    func trimmingASCIIWhitespace() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}

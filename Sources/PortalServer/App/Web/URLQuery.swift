/// Builds query strings for links that keep a list's filters (every filter lives in the URL).
struct URLQuery: Sendable {
    /// The name/value pairs, in order; empty values are left out of the URL.
    private(set) var items: [(name: String, value: String)] = []

    /// An empty query.
    init() {}

    /// The query items of `request` that are in `names` (the list's filter parameters).
    init(_ request: HTTPRequest, keeping names: [String]) {
        for name in names {
            if let value = request.query(name), !value.isEmpty { items.append((name, value)) }
        }
    }

    /// The same query with `name` set to `value` (or removed when nil/empty).
    func setting(_ name: String, _ value: String?) -> URLQuery {
        var copy = self
        copy.items.removeAll { $0.name == name }
        if let value, !value.isEmpty { copy.items.append((name, value)) }
        return copy
    }

    /// `path?a=1&b=x%20y`, or `path` alone when empty.
    func url(_ path: String) -> String {
        let query = items.map { "\(URLQuery.encode($0.name))=\(URLQuery.encode($0.value))" }.joined(separator: "&")
        return query.isEmpty ? path : path + "?" + query
    }

    /// Percent-encodes everything but the RFC 3986 unreserved characters.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}

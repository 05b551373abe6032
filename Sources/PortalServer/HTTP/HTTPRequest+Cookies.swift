extension HTTPRequest {
    /// The cookies of the `Cookie` field(s) (RFC 6265 §5.4: `name=value; name2=value2`); the first of a
    /// repeated name wins, as browsers send the most specific path first. Quoted values are unquoted.
    var cookies: [String: String] {
        var result: [String: String] = [:]
        for field in headers.values(for: .cookie) {
            for pair in field.split(separator: ";") {
                let trimmed = pair.trimmingASCIIWhitespace()
                guard let eq = trimmed.firstIndex(of: "=") else { continue }
                let name = String(trimmed[..<eq].trimmingASCIIWhitespace())
                var value = trimmed[trimmed.index(after: eq)...].trimmingASCIIWhitespace()
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                guard !name.isEmpty, result[name] == nil else { continue }
                result[name] = String(value)
            }
        }
        return result
    }

    /// The value of cookie `name`.
    func cookie(_ name: String) -> String? { cookies[name] }
}

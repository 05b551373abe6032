/// Request-target rules (RFC 9112 §3.2) and percent-decoding (RFC 3986 §2.1), free of Foundation.
enum HTTPRequestTarget {
    /// Splits a target into its raw path and raw query, accepting origin-form, absolute-form and
    /// (for OPTIONS only) asterisk-form; authority-form is CONNECT's, which is not implemented.
    static func split(_ target: String, method: HTTPMethod) throws(HTTPParseError) -> (Substring, Substring) {
        var rest = Substring(target)
        if rest == "*" {
            guard method == .options else { throw .badRequest("asterisk-form target outside OPTIONS") }
            return (rest, "")
        }
        if rest.first != "/" {
            // RFC 9112 §3.2.2: absolute-form; the path is what follows the authority.
            let lower = HTTPHeaderName.asciiLowercased(String(rest.prefix(8)))
            let schemeLength = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
            guard schemeLength > 0 else { throw .badRequest("malformed request target") }
            rest = rest.dropFirst(schemeLength)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return ("/", "") }
            guard slash > rest.startIndex else { throw .badRequest("absolute-form target without authority") }
            rest = rest[slash...]
            if rest.first == "?" { rest = "/" + rest }
        }
        let path: Substring
        let query: Substring
        if let mark = rest.firstIndex(of: "?") {
            path = rest[..<mark]
            query = rest[rest.index(after: mark)...]
        } else {
            path = rest
            query = ""
        }
        for byte in path.utf8 where !isPathByte(byte) { throw .badRequest("invalid character in path") }
        for byte in query.utf8 where !isPathByte(byte) && byte != 63 { throw .badRequest("invalid character in query") }
        guard isWellEncoded(path), isWellEncoded(query) else { throw .badRequest("malformed percent-encoding") }
        return (path, query)
    }

    /// Bytes allowed unencoded in a path: visible ASCII except `#`, `?`, and the quote/angle/brace family
    /// that RFC 3986 excludes (nginx accepts some of them; refusing keeps later layers simple).
    static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 33...126:
            switch byte {
            case 34, 35, 60, 62, 63, 94, 96, 123, 124, 125: false
            default: true
            }
        default: false
        }
    }

    /// True when every `%` is followed by two hex digits.
    static func isWellEncoded(_ text: Substring) -> Bool {
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == 37 {
                guard let high = iterator.next(), HTTPRequestParser.hexValue(high) != nil,
                    let low = iterator.next(), HTTPRequestParser.hexValue(low) != nil
                else { return false }
            }
        }
        return true
    }

    /// Percent-decodes `text` (and `+` to space when `plusAsSpace`, for form encoding); nil when the
    /// result is not valid UTF-8, contains NUL, or an escape is malformed.
    static func percentDecode(_ text: Substring, plusAsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        if !utf8.contains(37) && !(plusAsSpace && utf8.contains(43)) {
            return utf8.contains(0) ? nil : String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == 37 {
                guard let high = iterator.next().flatMap(HTTPRequestParser.hexValue),
                    let low = iterator.next().flatMap(HTTPRequestParser.hexValue)
                else { return nil }
                bytes.append(UInt8(high << 4 | low))
            } else if byte == 43, plusAsSpace {
                bytes.append(32)
            } else {
                bytes.append(byte)
            }
        }
        if bytes.contains(0) { return nil }
        // String(validating:) refuses overlong and other invalid UTF-8 sequences.
        return String(validating: bytes, as: UTF8.self)
    }

    /// Parses `a=1&b=2` pairs (form encoding: `+` is space); pairs that do not decode are dropped.
    static func parseQuery(_ query: Substring) -> [(name: String, value: String)] {
        guard !query.isEmpty else { return [] }
        var items: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let eq = pair.firstIndex(of: "=") {
                name = pair[..<eq]
                value = pair[pair.index(after: eq)...]
            } else {
                name = pair
                value = ""
            }
            guard let decodedName = percentDecode(name, plusAsSpace: true),
                let decodedValue = percentDecode(value, plusAsSpace: true)
            else { continue }
            items.append((decodedName, decodedValue))
        }
        return items
    }

    /// A Host value made of a reg-name, IPv4 or bracketed IPv6 and an optional port (RFC 9110 §7.2).
    static func isPlausibleHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 255 else { return host.isEmpty }
        for byte in host.utf8 {
            switch byte {
            case 48...57, 65...90, 97...122, 45, 46, 95, 126, 58, 91, 93, 37, 33, 36, 38, 39, 40, 41, 42, 43, 44, 59, 61:
                continue
            default:
                return false
            }
        }
        return true
    }
}

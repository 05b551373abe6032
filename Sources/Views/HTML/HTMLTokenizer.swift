/// A tokenizer following the states of the HTML5 tokenizer (WHATWG HTML §13.2.5) closely enough
/// that the sanitizer sees tags, attributes and text where a browser would.
///
/// States covered: data, tag open, end tag open, tag name, before/after attribute name, attribute
/// name, before attribute value, attribute value (double-quoted, single-quoted, unquoted), after
/// attribute value, self-closing start tag, markup declaration open, comment (with `<!-->` and
/// `--!>`), bogus comment (`<!DOCTYPE`, `<![CDATA[`, `<?`, `</ x>`), and RAWTEXT/RCDATA/script
/// data for the elements whose content is not markup. A tag cut off by the end of input is dropped,
/// as in HTML5. Byte-based over UTF-8; no tree building (that is the sanitizer's job).
struct HTMLTokenizer {
    /// Elements whose content is raw text up to their own end tag (RAWTEXT, RCDATA, script data).
    static let rawTextElements: Set<String> = [
        "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "plaintext",
    ]

    private let bytes: [UInt8]
    private var position = 0
    /// Set after the start tag of a raw-text element: its content runs to `</name`.
    private var rawTextEnd: [UInt8]?

    /// A tokenizer over `html`.
    init(_ html: String) {
        bytes = Array(html.utf8)
    }

    /// The next token, or nil at the end of input.
    mutating func next() -> HTMLToken? {
        while position < bytes.count {
            if let name = rawTextEnd {
                rawTextEnd = nil
                let start = position
                position = name == Array("plaintext".utf8) ? bytes.count : findEndTag(name, from: position)
                if position > start { return .rawText(String(decoding: bytes[start..<position], as: UTF8.self)) }
                continue
            }
            if bytes[position] == UInt8(ascii: "<"), let token = tagOpen() {
                return token
            }
            if position >= bytes.count { return nil }
            // Data state: text up to the next '<' (a '<' that opened nothing is text too).
            let start = position
            position += 1
            while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
            return .text(HTMLEntities.decode(bytes[start..<position], inAttribute: false))
        }
        return nil
    }

    // MARK: - states

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == 0x20
    }

    private func isAlpha(_ byte: UInt8) -> Bool {
        byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")
    }

    private func lowercased(_ slice: ArraySlice<UInt8>) -> String {
        String(decoding: slice.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : ($0 == 0 ? 0x3F : $0) }, as: UTF8.self)
    }

    private func hasPrefix(_ prefix: String, at offset: Int, caseInsensitive: Bool = false) -> Bool {
        let prefix = Array(prefix.utf8)
        guard offset + prefix.count <= bytes.count else { return false }
        for index in 0..<prefix.count {
            let byte = bytes[offset + index]
            if caseInsensitive ? (byte | 0x20) != (prefix[index] | 0x20) : byte != prefix[index] { return false }
        }
        return true
    }

    /// Where the raw text of element `name` ends: at `</name` followed by whitespace, `/` or `>`.
    private func findEndTag(_ name: [UInt8], from start: Int) -> Int {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "/"),
                hasPrefix(String(decoding: name, as: UTF8.self), at: index + 2, caseInsensitive: true)
            {
                let after = index + 2 + name.count
                if after >= bytes.count || isWhitespace(bytes[after]) || bytes[after] == UInt8(ascii: "/")
                    || bytes[after] == UInt8(ascii: ">")
                {
                    return index
                }
            }
            index += 1
        }
        return bytes.count
    }

    /// Tag open state at `position` (on `<`). Returns nil when the `<` is plain text (position unchanged).
    private mutating func tagOpen() -> HTMLToken? {
        let next = position + 1
        guard next < bytes.count else { return nil }
        let byte = bytes[next]
        if byte == UInt8(ascii: "!") { return markupDeclaration() }
        if byte == UInt8(ascii: "?") { return bogusComment(from: next) }
        if byte == UInt8(ascii: "/") {
            guard next + 1 < bytes.count else { return nil }
            if bytes[next + 1] == UInt8(ascii: ">") {
                position = next + 2
                return .comment("")
            }
            guard isAlpha(bytes[next + 1]) else { return bogusComment(from: next + 1) }
            position = next + 1
            guard let (name, _, _) = tag() else { return nil }
            return .endTag(name: name)
        }
        guard isAlpha(byte) else { return nil }
        position = next
        guard let (name, attributes, selfClosing) = tag() else { return nil }
        if Self.rawTextElements.contains(name) { rawTextEnd = Array(name.utf8) }
        return .startTag(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    /// `<!--…-->`, or a bogus comment for anything else after `<!` (DOCTYPE, CDATA).
    private mutating func markupDeclaration() -> HTMLToken {
        guard hasPrefix("<!--", at: position) else { return bogusComment(from: position + 2) }
        let start = position + 4
        // `<!-->` and `<!--->` are complete, empty comments.
        if hasPrefix(">", at: start) || hasPrefix("->", at: start) {
            position = start + (bytes[start] == UInt8(ascii: ">") ? 1 : 2)
            return .comment("")
        }
        var index = start
        while index < bytes.count {
            if hasPrefix("-->", at: index) {
                position = index + 3
                return .comment(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            if hasPrefix("--!>", at: index) {
                position = index + 4
                return .comment(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            index += 1
        }
        position = bytes.count
        return .comment(String(decoding: bytes[start...], as: UTF8.self))
    }

    /// Bogus comment state: everything up to the next `>`.
    private mutating func bogusComment(from start: Int) -> HTMLToken {
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
        position = min(index + 1, bytes.count)
        return .comment(String(decoding: bytes[min(start, index)..<index], as: UTF8.self))
    }

    /// Tag name and attribute states, from the first letter of the name to after the `>`.
    /// Returns nil (and consumes the rest) when the input ends inside the tag.
    private mutating func tag() -> (String, [HTMLAttribute], Bool)? {
        let nameStart = position
        while position < bytes.count, !isWhitespace(bytes[position]), bytes[position] != UInt8(ascii: "/"),
            bytes[position] != UInt8(ascii: ">")
        {
            position += 1
        }
        let name = lowercased(bytes[nameStart..<position])
        var attributes: [HTMLAttribute] = []
        var seen: Set<String> = []
        while true {
            // Before attribute name.
            while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: ">"):
                position += 1
                return (name, attributes, false)
            case UInt8(ascii: "/"):
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: ">") {
                    position += 1
                    return (name, attributes, true)
                }
                continue
            default:
                guard let attribute = attribute() else { return nil }
                if seen.insert(attribute.name).inserted { attributes.append(attribute) }
            }
        }
    }

    /// Attribute name, after attribute name, before attribute value and the three value states.
    private mutating func attribute() -> HTMLAttribute? {
        let nameStart = position
        // A leading '=' is part of the name (HTML5 "unexpected equals sign before attribute name").
        position += 1
        while position < bytes.count, !isWhitespace(bytes[position]), bytes[position] != UInt8(ascii: "/"),
            bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "=")
        {
            position += 1
        }
        let name = lowercased(bytes[nameStart..<position])
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
        guard position < bytes.count else { return nil }
        guard bytes[position] == UInt8(ascii: "=") else { return HTMLAttribute(name: name, value: "") }
        position += 1
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
        guard position < bytes.count else { return nil }
        let quote = bytes[position]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            let valueStart = position + 1
            var index = valueStart
            while index < bytes.count, bytes[index] != quote { index += 1 }
            guard index < bytes.count else {
                position = bytes.count
                return nil
            }
            position = index + 1
            return HTMLAttribute(name: name, value: HTMLEntities.decode(bytes[valueStart..<index], inAttribute: true))
        }
        if quote == UInt8(ascii: ">") { return HTMLAttribute(name: name, value: "") }
        let valueStart = position
        while position < bytes.count, !isWhitespace(bytes[position]), bytes[position] != UInt8(ascii: ">") { position += 1 }
        return HTMLAttribute(name: name, value: HTMLEntities.decode(bytes[valueStart..<position], inAttribute: true))
    }
}

/// Splits a template into text, line breaks and tags, following delimiter changes as it goes.
///
/// Tags are validated here (names, delimiters, closing braces), so every lexical error carries
/// the offset of the byte where it was found. Nesting is the parser's job.
struct TemplateScanner {
    private let source: TemplateSource
    private var bytes: [UInt8] { source.bytes }
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    private var tokens: [TemplateToken] = []

    /// Scans `source` completely.
    static func scan(_ source: TemplateSource) throws(TemplateError) -> [TemplateToken] {
        var scanner = TemplateScanner(source: source)
        try scanner.run()
        return scanner.tokens
    }

    private init(source: TemplateSource) {
        self.source = source
    }

    private mutating func run() throws(TemplateError) {
        let count = bytes.count
        var textStart = 0
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && position + 1 < count && bytes[position + 1] == 10) {
                appendText(from: textStart, to: position)
                let length = byte == UInt8(ascii: "\n") ? 1 : 2
                tokens.append(TemplateToken(kind: .newline, start: position, end: position + length, name: "", isDynamic: false))
                position += length
                textStart = position
            } else if byte == open[0], matches(open, at: position) {
                appendText(from: textStart, to: position)
                try scanTag()
                textStart = position
            } else {
                position += 1
            }
        }
        appendText(from: textStart, to: count)
    }

    private mutating func appendText(from start: Int, to end: Int) {
        guard end > start else { return }
        tokens.append(TemplateToken(kind: .text, start: start, end: end, name: "", isDynamic: false))
    }

    private func matches(_ delimiter: [UInt8], at offset: Int) -> Bool {
        guard offset + delimiter.count <= bytes.count else { return false }
        for index in 0..<delimiter.count where bytes[offset + index] != delimiter[index] {
            return false
        }
        return true
    }

    /// Offset of the next occurrence of `needle` at or after `offset`, or nil.
    private func find(_ needle: [UInt8], from offset: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var index = offset
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0], matches(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    private var closeText: String { String(decoding: close, as: UTF8.self) }
    private var openText: String { String(decoding: open, as: UTF8.self) }

    /// Scans one tag starting at `position` (on its opening delimiter).
    private mutating func scanTag() throws(TemplateError) {
        let tagStart = position
        let contentStart = position + open.count
        guard contentStart < bytes.count else {
            throw source.error(at: tagStart, "unclosed tag: expected a name and '\(closeText)'")
        }
        let sigil = bytes[contentStart]
        switch sigil {
        case UInt8(ascii: "!"):
            guard let end = find(close, from: contentStart + 1) else {
                throw source.error(at: tagStart, "unclosed comment: expected '\(closeText)'")
            }
            finish(.comment, tagStart: tagStart, end: end + close.count, name: "")
        case UInt8(ascii: "="):
            try scanDelimiters(tagStart: tagStart, contentStart: contentStart + 1)
        case UInt8(ascii: "{"):
            guard let end = find([UInt8(ascii: "}")] + close, from: contentStart + 1) else {
                throw source.error(at: tagStart, "unclosed tag: expected '}\(closeText)' to end '\(openText){'")
            }
            let name = try validName(contentStart + 1, end, tagStart: tagStart, sigil: "{")
            finish(.unescaped, tagStart: tagStart, end: end + 1 + close.count, name: name)
        default:
            let kind: TemplateToken.Kind
            var nameStart = contentStart + 1
            switch sigil {
            case UInt8(ascii: "&"): kind = .unescaped
            case UInt8(ascii: "#"): kind = .section
            case UInt8(ascii: "^"): kind = .inverted
            case UInt8(ascii: "/"): kind = .close
            case UInt8(ascii: ">"): kind = .partial
            case UInt8(ascii: "<"): kind = .parent
            case UInt8(ascii: "$"): kind = .block
            default:
                kind = .variable
                nameStart = contentStart
            }
            guard let end = find(close, from: nameStart) else {
                throw source.error(at: tagStart, "unclosed tag: expected '\(closeText)'")
            }
            var isDynamic = false
            if kind == .partial || kind == .parent {
                let first = skipWhitespace(from: nameStart, to: end)
                if first < end, bytes[first] == UInt8(ascii: "*") {
                    isDynamic = true
                    nameStart = first + 1
                }
            }
            let sigilText = kind == .variable ? "" : String(decoding: [sigil], as: UTF8.self)
            let name = try validName(
                nameStart, end, tagStart: tagStart, sigil: sigilText + (isDynamic ? "*" : ""),
                dotted: kind != .partial && kind != .parent && kind != .block || isDynamic)
            finish(kind, tagStart: tagStart, end: end + close.count, name: name, isDynamic: isDynamic)
        }
    }

    private mutating func finish(_ kind: TemplateToken.Kind, tagStart: Int, end: Int, name: String, isDynamic: Bool = false) {
        tokens.append(TemplateToken(kind: kind, start: tagStart, end: end, name: name, isDynamic: isDynamic))
        position = end
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
    }

    private func skipWhitespace(from start: Int, to end: Int) -> Int {
        var index = start
        while index < end, isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    /// The trimmed name in `start..<end`; empty names, inner whitespace and (for dotted names)
    /// empty segments are errors that point at the offending byte.
    private func validName(_ start: Int, _ end: Int, tagStart: Int, sigil: String, dotted: Bool = true) throws(TemplateError)
        -> String
    {
        let first = skipWhitespace(from: start, to: end)
        var last = end
        while last > first, isWhitespace(bytes[last - 1]) { last -= 1 }
        guard first < last else {
            throw source.error(at: tagStart, "empty tag: expected a name after '\(openText)\(sigil)'")
        }
        if let space = (first..<last).first(where: { isWhitespace(bytes[$0]) }) {
            throw source.error(
                at: space, "expected '\(closeText)' after '\(source.string(first, space))' (names contain no whitespace)")
        }
        let name = source.string(first, last)
        if dotted, name != ".", name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw source.error(at: first, "invalid name '\(name)': expected names separated by single dots, like 'user.name'")
        }
        return name
    }

    /// `{{=<% %>=}}`: two delimiters separated by whitespace, closed by `=` and the old delimiter.
    private mutating func scanDelimiters(tagStart: Int, contentStart: Int) throws(TemplateError) {
        let usage = "expected '\(openText)=<open> <close>=\(closeText)'"
        guard let end = find([UInt8(ascii: "=")] + close, from: contentStart) else {
            throw source.error(at: tagStart, "unclosed delimiter change: \(usage)")
        }
        let parts = bytes[contentStart..<end].split(whereSeparator: isWhitespace)
        guard parts.count == 2, !parts.contains(where: { $0.contains(UInt8(ascii: "=")) }) else {
            throw source.error(at: contentStart, "invalid delimiter change: \(usage)")
        }
        finish(.delimiters, tagStart: tagStart, end: end + 1 + close.count, name: "")
        open = Array(parts[0])
        close = Array(parts[1])
    }
}

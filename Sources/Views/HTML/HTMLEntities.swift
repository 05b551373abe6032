/// Character-reference decoding as the HTML5 tokenizer does it (§13.2.5.72 and following).
///
/// Numeric references are decoded with or without the semicolon, as browsers do; invalid code
/// points become U+FFFD. Named references come from a table of the common ones (including those
/// used to smuggle URL schemes: `&colon;`, `&Tab;`, `&NewLine;`); an unknown name stays literal
/// text, which the sanitizer escapes, so what it checks is what the browser will see.
enum HTMLEntities {
    /// Named references that HTML also accepts without a semicolon (the legacy subset we know).
    private static let legacy: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg", "AMP", "LT", "GT", "QUOT"]

    /// Name → replacement text.
    static let named: [String: String] = [
        "amp": "&", "AMP": "&", "lt": "<", "LT": "<", "gt": ">", "GT": ">", "quot": "\"", "QUOT": "\"", "apos": "'",
        "nbsp": "\u{A0}", "colon": ":", "Tab": "\t", "NewLine": "\n", "excl": "!", "num": "#", "dollar": "$",
        "percnt": "%", "lpar": "(", "rpar": ")", "ast": "*", "plus": "+", "comma": ",", "period": ".", "sol": "/",
        "semi": ";", "equals": "=", "quest": "?", "commat": "@", "lsqb": "[", "lbrack": "[", "rsqb": "]", "rbrack": "]",
        "bsol": "\\", "lowbar": "_", "grave": "`", "lcub": "{", "lbrace": "{", "rcub": "}", "rbrace": "}", "verbar": "|",
        "vert": "|", "Hat": "^", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "hellip": "\u{2026}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}",
        "rdquo": "\u{201D}", "laquo": "\u{AB}", "raquo": "\u{BB}", "middot": "\u{B7}", "bull": "\u{2022}",
        "euro": "\u{20AC}", "pound": "\u{A3}", "yen": "\u{A5}", "cent": "\u{A2}", "deg": "\u{B0}", "times": "\u{D7}",
        "divide": "\u{F7}", "para": "\u{B6}", "sect": "\u{A7}", "shy": "\u{AD}", "zwj": "\u{200D}", "zwnj": "\u{200C}",
        "eacute": "\u{E9}", "egrave": "\u{E8}", "ecirc": "\u{EA}", "euml": "\u{EB}", "aacute": "\u{E1}",
        "agrave": "\u{E0}", "acirc": "\u{E2}", "auml": "\u{E4}", "aring": "\u{E5}", "ccedil": "\u{E7}",
        "iacute": "\u{ED}", "iuml": "\u{EF}", "oacute": "\u{F3}", "ouml": "\u{F6}", "oslash": "\u{F8}",
        "uacute": "\u{FA}", "uuml": "\u{FC}", "ntilde": "\u{F1}", "szlig": "\u{DF}", "Eacute": "\u{C9}",
        "Auml": "\u{C4}", "Ouml": "\u{D6}", "Uuml": "\u{DC}", "Aring": "\u{C5}", "Oslash": "\u{D8}",
    ]

    /// Decodes the character references in `bytes` (UTF-8). In attribute values a legacy name
    /// without `;` followed by an alphanumeric or `=` stays literal, as HTML5 specifies.
    static func decode(_ bytes: ArraySlice<UInt8>, inAttribute: Bool) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let (text, next) = reference(bytes, at: index, inAttribute: inAttribute) else {
                output.append(byte)
                index += 1
                continue
            }
            output += text.utf8
            index = next
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The reference starting at `start` (on `&`): its text and where decoding continues.
    private static func reference(_ bytes: ArraySlice<UInt8>, at start: Int, inAttribute: Bool) -> (String, Int)? {
        var index = start + 1
        guard index < bytes.endIndex else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var hex = false
            if index < bytes.endIndex, bytes[index] | 0x20 == UInt8(ascii: "x") {
                hex = true
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < bytes.endIndex, let digit = digitValue(bytes[index], hex: hex) {
                value = min(value &* (hex ? 16 : 10) &+ digit, 0x11_0000)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: ";") { index += 1 }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (String(Character(scalar ?? "\u{FFFD}")), index)
        }
        var end = index
        while end < bytes.endIndex, end - index < 32, isAlphanumeric(bytes[end]) { end += 1 }
        guard end > index else { return nil }
        let name = String(decoding: bytes[index..<end], as: UTF8.self)
        if end < bytes.endIndex, bytes[end] == UInt8(ascii: ";"), let text = named[name] {
            return (text, end + 1)
        }
        guard legacy.contains(name), let text = named[name] else { return nil }
        if inAttribute, end < bytes.endIndex, isAlphanumeric(bytes[end]) || bytes[end] == UInt8(ascii: "=") {
            return nil
        }
        return (text, end)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= 0x30 && byte <= 0x39)
    }
}

import Foundation

/// Collects per-field validation messages; `finish()` throws them all at once as `DomainError.invalid`.
struct Validator {
    /// Field → first message for it.
    private(set) var errors: [String: String] = [:]

    /// Records `message` for `field` unless the field already has one.
    mutating func fail(_ field: String, _ message: String) {
        if errors[field] == nil { errors[field] = message }
    }

    /// Records `message` when `condition` is false.
    mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { fail(field, message) }
    }

    /// Trimmed required text of at most `max` characters, without control characters.
    mutating func text(_ field: String, _ value: String, label: String, max: Int) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            fail(field, "\(label) is required")
        } else if trimmed.count > max {
            fail(field, "\(label) must be at most \(max) characters")
        } else if Validator.hasControlCharacters(trimmed, allowNewlines: false) {
            fail(field, "\(label) must not contain control characters")
        }
        return trimmed
    }

    /// Trimmed optional text (nil when empty) of at most `max` characters; newlines allowed when `multiline`.
    mutating func optionalText(_ field: String, _ value: String?, label: String, max: Int, multiline: Bool = false)
        -> String?
    {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        if trimmed.count > max {
            fail(field, "\(label) must be at most \(max) characters")
        } else if Validator.hasControlCharacters(trimmed, allowNewlines: multiline) {
            fail(field, "\(label) must not contain control characters")
        }
        return trimmed
    }

    /// A required e-mail address (trimmed).
    mutating func email(_ field: String, _ value: String, label: String = "Email") -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            fail(field, "\(label) is required")
        } else if !Validator.isEmail(trimmed) {
            fail(field, "\(label) must be an address like name@example.com")
        }
        return trimmed
    }

    /// An optional e-mail address (nil when empty).
    mutating func optionalEmail(_ field: String, _ value: String?, label: String = "Email") -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        if !Validator.isEmail(trimmed) { fail(field, "\(label) must be an address like name@example.com") }
        return trimmed
    }

    /// An optional phone number: digits with spaces, `+`, `-`, `(`, `)`, `.`; 5 to 32 characters.
    mutating func optionalPhone(_ field: String, _ value: String?, label: String = "Phone") -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        let allowed = Set("0123456789 +-().")
        let digits = trimmed.filter(\.isASCII).filter(\.isNumber).count
        if trimmed.count > 32 || !trimmed.allSatisfy({ allowed.contains($0) }) || digits < 5 {
            fail(field, "\(label) must be a phone number such as +49 30 1234567")
        }
        return trimmed
    }

    /// An IANA time zone identifier such as `Europe/Berlin`.
    mutating func timeZone(_ field: String, _ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if TimeZones.zone(trimmed) == nil { fail(field, "Time zone must be an IANA name such as Europe/Berlin") }
        return trimmed
    }

    /// Throws `DomainError.invalid` with every recorded message, if any.
    func finish() throws(DomainError) {
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }

    /// A pragmatic address check: one `@`, a non-empty local part, a dotted domain, no spaces, ≤ 254 bytes.
    static func isEmail(_ text: String) -> Bool {
        guard text.utf8.count <= 254, !text.contains(where: { $0.isWhitespace || $0.isNewline }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return false
        }
        return domain.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
    }

    private static func hasControlCharacters(_ text: String, allowNewlines: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            if allowNewlines && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
            return scalar.properties.generalCategory == .control
        }
    }

    /// The case-insensitive key of an e-mail address (unique among users).
    static func emailKey(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

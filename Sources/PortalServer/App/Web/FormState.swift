import Foundation
import Views

/// A form's submitted values and per-field errors, for re-rendering it after a refusal.
///
/// Templates read `form.values.NAME` and `form.errors.NAME`; `form.hasErrors` shows the summary.
struct FormState: Sendable {
    /// Submitted (or initial) values by field name.
    var values: [String: String] = [:]
    /// Error messages by field name.
    var errors: [String: String] = [:]

    /// An empty form.
    init() {}

    /// A form showing `values`.
    init(values: [String: String], errors: [String: String] = [:]) {
        self.values = values
        self.errors = errors
    }

    /// The submitted fields of a request (first value of each name; the CSRF token left out).
    init(_ fields: HTTPFormFields) {
        for (name, value) in fields.items where name != "_csrf" && values[name] == nil { values[name] = value }
    }

    /// The trimmed value of `name`, "" when absent.
    func string(_ name: String) -> String {
        (values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The trimmed value of `name`, nil when empty.
    func optional(_ name: String) -> String? {
        let value = string(name)
        return value.isEmpty ? nil : value
    }

    /// The value of `name` as an integer, or an error recorded for the field.
    mutating func int(_ name: String, label: String, range: ClosedRange<Int64>) -> Int64? {
        let text = string(name)
        guard let value = Int64(text), range.contains(value) else {
            errors[name] = "\(label) must be a whole number from \(range.lowerBound) to \(range.upperBound)."
            return nil
        }
        return value
    }

    /// Records an error for `name` when its value is empty.
    mutating func require(_ name: String, label: String) {
        if string(name).isEmpty { errors[name] = "\(label) is required." }
    }

    /// Takes over the messages of a domain validation error.
    mutating func absorb(_ fields: [String: String]) {
        for (name, message) in fields { errors[name] = message }
    }

    /// True when some field has an error.
    var hasErrors: Bool { !errors.isEmpty }

    /// The template value.
    var templateValue: TemplateValue {
        var valueDict = TemplateDictionary()
        for (name, value) in values { valueDict[name] = .string(value) }
        var errorDict = TemplateDictionary()
        for (name, message) in errors { errorDict[name] = .string(message) }
        return [
            "values": .dictionary(valueDict), "errors": .dictionary(errorDict), "hasErrors": .bool(hasErrors),
            "errorCount": .int(errors.count),
        ]
    }
}

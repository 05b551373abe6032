/// A value a template can render: the typed context of a Mustache template.
///
/// Falsiness follows the Mustache spec: `null`, `false` and an empty list are falsey, everything
/// else (including `0`, `""` and an empty dictionary) is truthy. View models that should be looked
/// up lazily conform to `TemplateRenderable` and travel as `.object`.
public enum TemplateValue: Sendable {
    /// Nothing: interpolates as the empty string, falsey in sections.
    case null
    /// A boolean: interpolates as `true`/`false`.
    case bool(Bool)
    /// An integer: interpolates in decimal.
    case int(Int)
    /// A floating-point number: integral values interpolate without `.0`, others in the shortest form.
    case double(Double)
    /// Text: HTML-escaped by `{{x}}`, raw with `{{{x}}}`/`{{&x}}`.
    case string(String)
    /// A list: a section renders once per element; empty lists are falsey.
    case list([TemplateValue])
    /// A string-keyed dictionary with precomputed key hashes.
    case dictionary(TemplateDictionary)
    /// A view model whose keys are resolved when the template asks for them.
    indirect case object(any TemplateRenderable)
}

extension TemplateValue {
    /// Whether a section renders for this value (the Mustache spec's truthiness).
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .list(let items): !items.isEmpty
        default: true
        }
    }

    /// The value for `key` when this is a dictionary or a view model, else nil.
    public subscript(key: String) -> TemplateValue? {
        child(TemplateKey(key))
    }

    /// The text `{{x}}` prints for a scalar, before escaping; nil for lists, dictionaries and objects.
    public var text: String? {
        switch self {
        case .null: ""
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): Self.format(value)
        case .string(let value): value
        case .list, .dictionary, .object: nil
        }
    }

    /// One step of a dotted name: a dictionary entry or a view model's key.
    @inline(__always)
    func child(_ key: TemplateKey) -> TemplateValue? {
        switch self {
        case .dictionary(let dictionary): dictionary.value(for: key)
        case .object(let object): object.templateValue(forKey: key.name)
        default: nil
        }
    }

    /// Formats a double as the spec expects: `1.21` → "1.21", `2.0` → "2".
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(.towardZero), abs(value) < 1e15 {
            return String(Int(value))
        }
        return value.description
    }
}

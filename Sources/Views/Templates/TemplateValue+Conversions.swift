extension TemplateValue {
    /// The value of any convertible Swift value: `TemplateValue(["a", "b"])`, `TemplateValue(row)`.
    public init(_ value: some TemplateValueConvertible) {
        self = value.templateValue
    }
}

extension TemplateValue: TemplateValueConvertible {
    /// A template value converts to itself.
    public var templateValue: TemplateValue { self }
}

extension String: TemplateValueConvertible {
    /// `.string(self)`.
    public var templateValue: TemplateValue { .string(self) }
}

extension Substring: TemplateValueConvertible {
    /// `.string(String(self))`.
    public var templateValue: TemplateValue { .string(String(self)) }
}

extension Bool: TemplateValueConvertible {
    /// `.bool(self)`.
    public var templateValue: TemplateValue { .bool(self) }
}

extension Int: TemplateValueConvertible {
    /// `.int(self)`.
    public var templateValue: TemplateValue { .int(self) }
}

extension Int64: TemplateValueConvertible {
    /// `.int(Int(self))` (Int is 64-bit on every supported platform).
    public var templateValue: TemplateValue { .int(Int(self)) }
}

extension Int32: TemplateValueConvertible {
    /// `.int(Int(self))`.
    public var templateValue: TemplateValue { .int(Int(self)) }
}

extension UInt: TemplateValueConvertible {
    /// `.int` when it fits, else `.double`.
    public var templateValue: TemplateValue { self <= UInt(Int.max) ? .int(Int(self)) : .double(Double(self)) }
}

extension Double: TemplateValueConvertible {
    /// `.double(self)`.
    public var templateValue: TemplateValue { .double(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    /// The wrapped value's, or `.null`.
    public var templateValue: TemplateValue { self?.templateValue ?? .null }
}

extension Array: TemplateValueConvertible where Element: TemplateValueConvertible {
    /// `.list` of the elements' values.
    public var templateValue: TemplateValue { .list(map(\.templateValue)) }
}

extension Dictionary: TemplateValueConvertible where Key == String, Value: TemplateValueConvertible {
    /// `.dictionary` of the values' values.
    public var templateValue: TemplateValue {
        .dictionary(TemplateDictionary(lazy.map { ($0.key, $0.value.templateValue) }))
    }
}

extension TemplateDictionary: TemplateValueConvertible {
    /// `.dictionary(self)`.
    public var templateValue: TemplateValue { .dictionary(self) }
}

extension TemplateValue: ExpressibleByNilLiteral {
    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// `true`/`false` literals.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    /// Integer literals.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByFloatLiteral {
    /// Floating-point literals.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension TemplateValue: ExpressibleByStringLiteral {
    /// String literals (interpolation works too: `"\(count) tenants"`).
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// `[a, b, c]` is a list.
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// `["key": value]` is a dictionary.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .dictionary(TemplateDictionary(elements))
    }
}

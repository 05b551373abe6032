/// A type that turns itself into a template value (eagerly).
///
/// Scalars, strings, arrays, dictionaries and optionals of convertible types conform, so
/// `TemplateValue(rows)` or `["rows": .init(rows)]` work for any of them.
public protocol TemplateValueConvertible {
    /// The value templates see.
    var templateValue: TemplateValue { get }
}

/// A view model that templates read key by key, without reflection.
///
/// Conform App-layer view models with a `switch` over the keys the templates use; the value is
/// carried as `.object` and each key is resolved only when a template asks for it:
///
/// ```swift
/// extension TenantRow: TemplateRenderable {
///     func templateValue(forKey key: String) -> TemplateValue? {
///         switch key {
///         case "name": .string(name)
///         case "clients": .int(clients)
///         default: nil
///         }
///     }
/// }
/// ```
public protocol TemplateRenderable: TemplateValueConvertible, Sendable {
    /// The value for `key`, or nil when this model has no such key (lookup then continues down the
    /// context stack, as for a dictionary without the key).
    func templateValue(forKey key: String) -> TemplateValue?
}

extension TemplateRenderable {
    /// A renderable travels as `.object(self)`.
    public var templateValue: TemplateValue { .object(self) }
}

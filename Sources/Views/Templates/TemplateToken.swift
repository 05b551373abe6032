/// One lexical unit of a template: a run of text within a line, a line break, or a tag.
struct TemplateToken: Sendable {
    /// What the token is; tags are named after their sigil.
    enum Kind: Sendable, Equatable {
        /// Text without line breaks.
        case text
        /// `\n` or `\r\n`.
        case newline
        /// `{{name}}`: escaped interpolation.
        case variable
        /// `{{{name}}}` or `{{&name}}`: raw interpolation.
        case unescaped
        /// `{{#name}}`.
        case section
        /// `{{^name}}`.
        case inverted
        /// `{{/name}}`.
        case close
        /// `{{! … }}`.
        case comment
        /// `{{=<% %>=}}`.
        case delimiters
        /// `{{>name}}` or `{{>*name}}`.
        case partial
        /// `{{<name}}` or `{{<*name}}`.
        case parent
        /// `{{$name}}`.
        case block
    }

    /// What the token is.
    let kind: Kind
    /// Byte range in the source: the text, the line break, or the whole tag with its delimiters.
    let start: Int
    /// End of the byte range (exclusive).
    let end: Int
    /// The tag's name, trimmed (without the `*` of a dynamic name); empty for text.
    let name: String
    /// `{{>*name}}` / `{{<*name}}`: the name is looked up in the context.
    let isDynamic: Bool

    /// Whether the tag produces output where it stands (interpolations); text is not a tag.
    var isOutputTag: Bool { kind == .variable || kind == .unescaped }

    /// Whether this is a tag at all.
    var isTag: Bool { kind != .text && kind != .newline }
}

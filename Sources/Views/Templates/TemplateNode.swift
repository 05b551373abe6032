/// The parsed form of a template: a tree with standalone lines and indentation already resolved.
///
/// The library links these trees into one flat `TemplateProgram`; nodes never reach the renderer.
indirect enum TemplateNode: Sendable {
    /// Static bytes; a text node never contains a line break except as its last byte.
    case text([UInt8])
    /// The start of a source line: the renderer writes the current indentation here.
    case lineStart
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}`.
    case variable(TemplatePath, escaped: Bool)
    /// `{{#name}}…{{/name}}` or `{{^name}}…{{/name}}`.
    case section(TemplatePath, [TemplateNode], inverted: Bool)
    /// `{{>name}}`: `indent` is the standalone tag's indentation, nil when the tag is inline.
    case partial(TemplateReference, indent: [UInt8]?)
    /// `{{<name}}…{{/name}}` with its block definitions.
    case parent(TemplateReference, indent: [UInt8]?, blocks: [TemplateBlock])
    /// `{{$name}}default{{/name}}` outside a parent: a slot a child template may fill.
    ///
    /// `extraIndent` is added to the indentation while the block renders; `midLine` says the tag
    /// is not at the start of its line, so the body's leading `lineStart` must not indent again.
    case block(name: String, body: [TemplateNode], extraIndent: [UInt8], midLine: Bool)
}

/// A `{{$name}}…{{/name}}` definition inside a parent tag: the content that fills the slot.
struct TemplateBlock: Sendable {
    /// The slot's name.
    let name: String
    /// The content, rendered at the slot with the slot's indentation.
    let body: [TemplateNode]
}

/// The target of a partial or parent tag.
enum TemplateReference: Sendable {
    /// A template name, resolved when the library links (the location is for the error).
    case named(String, at: SourceLocation)
    /// `*name`: the name is a context value, resolved at render time.
    case dynamic(TemplatePath)
}

/// Where something is in a template, kept for errors reported after parsing (at link time).
struct SourceLocation: Sendable {
    /// The template's file or name.
    let file: String?
    /// 1-based line.
    let line: Int
    /// 1-based column, in characters.
    let column: Int
    /// The line's text, for the caret display.
    let lineText: String

    /// An error at this location.
    func error(_ message: String) -> TemplateError {
        TemplateError(file: file, line: line, column: column, lineText: lineText, message: message)
    }
}

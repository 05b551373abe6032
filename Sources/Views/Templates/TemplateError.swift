/// A template that cannot be compiled or loaded, with the place and what was expected there.
///
/// `description` reads like a compiler diagnostic:
///
/// ```
/// Templates/owner/x.mustache:12:7: unclosed section 'rows' (opened at 10:1): expected '{{/rows}}'
///     <td>{{name}}</td>
///           ^
/// ```
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or template name) the error is in; nil for a template compiled from a string.
    public var file: String?
    /// 1-based line of the error; 0 when the error is about a file as a whole.
    public let line: Int
    /// 1-based column (in characters) of the error; 0 when the error is about a file as a whole.
    public let column: Int
    /// The text of the offending line, without its newline.
    public let lineText: String
    /// What is wrong and what was expected.
    public let message: String

    /// Makes an error at a position.
    public init(file: String? = nil, line: Int, column: Int, lineText: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.lineText = lineText
        self.message = message
    }

    /// An error about a whole file (unreadable, not UTF-8, too large).
    static func file(_ path: String, _ message: String) -> TemplateError {
        TemplateError(file: path, line: 0, column: 0, lineText: "", message: message)
    }

    /// `file:line:column: message`, then the line and a caret under the column.
    public var description: String {
        let place = [file ?? "<template>", line > 0 ? "\(line)" : nil, column > 0 ? "\(column)" : nil]
            .compactMap { $0 }.joined(separator: ":")
        guard line > 0 else { return "\(place): \(message)" }
        // Keep tabs in the caret's indentation so it lines up under the column in any terminal.
        let prefix = lineText.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(place): \(message)\n    \(lineText)\n    \(prefix)^"
    }
}

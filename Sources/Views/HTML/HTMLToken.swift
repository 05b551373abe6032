/// A token of the HTML tokenizer: what the sanitizer decides about, one at a time.
enum HTMLToken: Equatable, Sendable {
    /// Character data with character references decoded.
    case text(String)
    /// The content of a raw-text element (`<script>`, `<style>`, `<textarea>`, …), undecoded.
    case rawText(String)
    /// `<name attr=value …>`; names are lowercased, values decoded. Duplicate attributes keep the first.
    case startTag(name: String, attributes: [HTMLAttribute], selfClosing: Bool)
    /// `</name …>`.
    case endTag(name: String)
    /// A comment, a bogus comment (`<!DOCTYPE`, `<![CDATA[`, `<?…>`), with its text.
    case comment(String)
}

/// One attribute of a start tag.
struct HTMLAttribute: Equatable, Sendable {
    /// The name, lowercased.
    let name: String
    /// The value with character references decoded.
    let value: String
}

/// Plain-text excerpts of sanitized HTML: tags dropped, a few entities decoded, whitespace collapsed.
enum PlainText {
    /// The text of `html`, at most `limit` characters (an ellipsis marks a cut).
    static func excerpt(_ html: String, limit: Int = 280) -> String {
        var text = ""
        var inTag = false
        var tagName = ""
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tagName.lowercased().trimmingPrefix("/")
                    if ["p", "br", "li", "div", "h1", "h2", "h3", "h4", "blockquote", "tr"].contains(where: { name.hasPrefix($0) }
                    ) {
                        text.append(" ")
                    }
                } else if tagName.count < 12 {
                    tagName.append(character)
                }
            } else if character == "<" {
                inTag = true
                tagName = ""
            } else {
                text.append(character)
            }
        }
        let entities = [
            ("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&amp;", "&"),
        ]
        for (entity, replacement) in entities { text = text.replacing(entity, with: replacement) }
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard collapsed.count > limit else { return collapsed }
        return String(collapsed.prefix(limit - 1)).trimmingSuffixWhitespace() + "…"
    }
}

extension String {
    fileprivate func trimmingSuffixWhitespace() -> String {
        var copy = self
        while copy.last?.isWhitespace == true { copy.removeLast() }
        return copy
    }
}

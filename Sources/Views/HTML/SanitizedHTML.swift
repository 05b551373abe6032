/// What must hold for any sanitizer output, whatever the input: only allowlisted tags and
/// attributes, no script, no comment or raw text, only safe `href` schemes, balanced tags, no link
/// inside a link.
/// The sanitizer tests and the libFuzzer target (Fuzz/ViewsFuzz.swift) check every output with it.
enum SanitizedHTML {
    /// Problems found in `html` (empty when it is safe and well-formed).
    static func problems(_ html: String) -> [String] {
        var problems: [String] = []
        if html.lowercased().contains("<script") { problems.append("contains <script") }
        var tokenizer = HTMLTokenizer(html)
        var open: [String] = []
        while let token = tokenizer.next() {
            switch token {
            case .startTag(let name, let attributes, _):
                if !HTMLSanitizer.allowedTags.contains(name) { problems.append("tag <\(name)>") }
                for attribute in attributes {
                    if attribute.name.hasPrefix("on") { problems.append("event handler \(attribute.name)") }
                    if name != "a" || !["href", "rel"].contains(attribute.name) {
                        problems.append("attribute \(attribute.name) on <\(name)>")
                    }
                    if attribute.name == "href" {
                        let squeezed = attribute.value.unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined()
                        if squeezed.lowercased().contains("javascript:") { problems.append("javascript: href") }
                        if HTMLSanitizer.safeHref([attribute]) == nil { problems.append("href scheme \(attribute.value)") }
                    }
                }
                if name == "a" && open.contains("a") { problems.append("<a> inside <a>") }
                if name != "br" { open.append(name) }
            case .endTag(let name):
                if open.last == name { open.removeLast() } else { problems.append("unbalanced </\(name)>") }
            case .comment: problems.append("comment")
            case .rawText: problems.append("raw text")
            case .text: break
            }
        }
        if !open.isEmpty { problems.append("unclosed \(open)") }
        return problems
    }
}

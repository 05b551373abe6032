/// Cleans rich text (broadcasts) down to a small, safe subset of HTML.
///
/// Allowed: `p br strong em u s ul ol li a h2 h3 h4 blockquote code pre`. The only attribute kept
/// is `href` on `a`, and only when, after decoding character references, removing whitespace and
/// control characters and lowercasing, it starts with `http:`, `https:` or `mailto:` (and holds no
/// `javascript:`/`vbscript:` anywhere); such links get `rel="noopener noreferrer"`. An `a` without an acceptable `href` is dropped (its text stays).
///
/// Elements that carry code or foreign content (`script style iframe svg math template noscript
/// textarea title xmp object …`) are dropped with everything inside them; any other tag is dropped
/// and its text kept; comments, CDATA and doctypes disappear. Text is re-escaped, the output is
/// balanced (every open tag closed, in order), and sanitizing the output again returns it unchanged.
public struct HTMLSanitizer: Sendable {
    /// Tags kept.
    public static let allowedTags: Set<String> = [
        "p", "br", "strong", "em", "u", "s", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre",
    ]

    /// Tags dropped together with their content.
    public static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "svg", "math", "template", "noscript", "textarea", "title", "xmp", "object",
        "applet", "noembed", "noframes", "plaintext", "frameset", "frame", "select", "head", "canvas", "video", "audio",
        "picture", "map", "dialog",
    ]

    /// URL schemes a link may use.
    public static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// Block-level tags that close an open `p` first (as an HTML parser would).
    private static let closesParagraph: Set<String> = ["p", "ul", "ol", "h2", "h3", "h4", "blockquote", "pre"]

    /// Input beyond this many bytes is cut off (at a character boundary) before sanitizing.
    public var maximumInputLength: Int
    /// Elements nested deeper than this are dropped (their text stays).
    public var maximumDepth: Int

    /// A sanitizer with the given limits (defaults: 100 000 bytes, depth 32).
    public init(maximumInputLength: Int = 100_000, maximumDepth: Int = 32) {
        self.maximumInputLength = maximumInputLength
        self.maximumDepth = maximumDepth
    }

    /// Sanitizes with the default limits.
    public static func sanitize(_ html: String) -> String {
        HTMLSanitizer().sanitize(html)
    }

    /// The safe subset of `html`.
    public func sanitize(_ html: String) -> String {
        var tokenizer = HTMLTokenizer(truncated(html))
        var writer = Writer(maximumDepth: maximumDepth)
        var dropping: (name: String, depth: Int)?
        while let token = tokenizer.next() {
            if let drop = dropping {
                switch token {
                case .startTag(let name, _, let selfClosing) where name == drop.name && !selfClosing:
                    dropping?.depth += 1
                case .endTag(let name) where name == drop.name:
                    dropping = drop.depth == 1 ? nil : (drop.name, drop.depth - 1)
                default:
                    break
                }
                continue
            }
            switch token {
            case .text(let text):
                writer.text(text)
            case .rawText, .comment:
                continue
            case .startTag(let name, let attributes, let selfClosing):
                if Self.droppedWithContent.contains(name) {
                    // Raw-text elements' content arrives as one .rawText token, dropped above;
                    // foreign content (<svg/>, <math/>) may be self-closed and empty.
                    if !HTMLTokenizer.rawTextElements.contains(name) && !selfClosing { dropping = (name, 1) }
                } else if Self.allowedTags.contains(name) {
                    writer.open(name, href: name == "a" ? Self.safeHref(attributes) : nil)
                }
            case .endTag(let name):
                writer.close(name)
            }
        }
        return writer.finish()
    }

    private func truncated(_ html: String) -> String {
        guard html.utf8.count > maximumInputLength else { return html }
        var end = html.utf8.index(html.utf8.startIndex, offsetBy: maximumInputLength)
        while end > html.startIndex, end.samePosition(in: html.unicodeScalars) == nil { end = html.utf8.index(before: end) }
        return String(html[..<end])
    }

    /// The link target if `a` has an acceptable `href`, cleaned the way a URL parser reads it.
    static func safeHref(_ attributes: [HTMLAttribute]) -> String? {
        guard let href = attributes.first(where: { $0.name == "href" })?.value else { return nil }
        // URL parsers strip leading/trailing C0 controls and spaces and remove tabs and newlines
        // anywhere ("java\tscript:"); removing every control and space is stricter still.
        let cleaned = String(String.UnicodeScalarView(href.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        guard let colon = cleaned.firstIndex(of: ":") else { return nil }
        let scheme = cleaned[..<colon].lowercased()
        guard Self.allowedSchemes.contains(scheme) else { return nil }
        // A script scheme anywhere (`mailto:x?javascript:…`) is never a legitimate link: refuse it.
        let lowered = cleaned.lowercased()
        guard !lowered.contains("javascript:"), !lowered.contains("vbscript:") else { return nil }
        return scheme + cleaned[colon...]
    }

    /// Builds the balanced output from the kept tags and text.
    private struct Writer {
        let maximumDepth: Int
        var output = ""
        var open: [String] = []
        /// Start tags dropped for depth or a bad link, so their end tags are dropped too.
        var skipped: [String: Int] = [:]

        /// An empty output that nests at most `maximumDepth` elements.
        init(maximumDepth: Int) {
            self.maximumDepth = maximumDepth
        }

        mutating func text(_ text: String) {
            // NUL and other C0 controls (except tab, newline, carriage return) never reach the page.
            let kept = text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            output += HTML.escape(String(String.UnicodeScalarView(kept)))
        }

        mutating func open(_ name: String, href: String?) {
            if name == "br" {
                output += "<br>"
                return
            }
            if name == "a" && href == nil || open.count >= maximumDepth {
                skipped[name, default: 0] += 1
                return
            }
            // Implied end tags, as a browser's parser would add them.
            if HTMLSanitizer.closesParagraph.contains(name), open.contains("p") { closeOpen("p") }
            if name == "li", let item = open.lastIndex(of: "li"), !open[item...].contains(where: { $0 == "ul" || $0 == "ol" }) {
                closeOpen("li")
            }
            if name == "a", open.contains("a") { closeOpen("a") }
            if ["h2", "h3", "h4"].contains(name), let last = open.last, ["h2", "h3", "h4"].contains(last) { closeOpen(last) }
            open.append(name)
            if let href {
                output += "<a href=\"\(HTML.escape(href))\" rel=\"noopener noreferrer\">"
            } else {
                output += "<\(name)>"
            }
        }

        /// An end tag from the input: it ends a skipped start tag of its name first, else the open element.
        mutating func close(_ name: String) {
            if let count = skipped[name], count > 0 {
                skipped[name] = count - 1
                return
            }
            closeOpen(name)
        }

        /// Closes the innermost open `name` and everything inside it (no effect when none is open).
        private mutating func closeOpen(_ name: String) {
            guard let index = open.lastIndex(of: name) else { return }
            while open.count > index {
                output += "</\(open.removeLast())>"
            }
        }

        mutating func finish() -> String {
            while let name = open.popLast() { output += "</\(name)>" }
            return output
        }
    }
}

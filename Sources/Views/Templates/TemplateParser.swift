/// Builds the node tree from tokens, line by line, resolving the spec's whitespace rules.
///
/// A line holding only whitespace and one non-output tag is *standalone*: the line disappears
/// from the output, and for partials, parents and blocks its indentation becomes theirs. The
/// inheritance spec also treats lines made only of parent structure (`{{<p}}{{$b}}`,
/// `{{/b}}{{/p}}`, `{{<p}}{{/p}}`) as standalone. Inside a block opened on a standalone line,
/// the indentation of the block's first line is removed from every line (the spec's "block
/// reindentation") and added back where the block is expanded.
struct TemplateParser {
    private enum FrameKind {
        case root, section, inverted, parent, definition, block

        var label: String {
            switch self {
            case .root: "template"
            case .section: "section"
            case .inverted: "inverted section"
            case .parent: "parent"
            case .definition, .block: "block"
            }
        }
    }

    private struct Frame {
        var kind: FrameKind
        /// The name the closing tag must repeat (`*name` for a dynamic parent).
        var name: String
        var openOffset: Int
        var nodes: [TemplateNode] = []
        var blocks: [TemplateBlock] = []
        /// Bytes of leading whitespace removed from each line inside this block.
        var strip = 0
        var indent: [UInt8]?
        var extraIndent: [UInt8] = []
        var midLine = false
        var reference: TemplateReference?
    }

    /// Sections, parents and blocks nested deeper than this are refused (the compiler and the renderer
    /// recurse once per level).
    static let maximumNesting = 100

    private let source: TemplateSource
    private var frames: [Frame]

    /// Parses a template's source into its node tree.
    static func parse(_ source: TemplateSource) throws(TemplateError) -> [TemplateNode] {
        let tokens = try TemplateScanner.scan(source)
        var parser = TemplateParser(source: source)
        return try parser.run(tokens)
    }

    private init(source: TemplateSource) {
        self.source = source
        frames = [Frame(kind: .root, name: "", openOffset: 0)]
    }

    private mutating func run(_ tokens: [TemplateToken]) throws(TemplateError) -> [TemplateNode] {
        var lines: [ArraySlice<TemplateToken>] = []
        var lineStart = 0
        for (index, token) in tokens.enumerated() where token.kind == .newline {
            lines.append(tokens[lineStart...index])
            lineStart = index + 1
        }
        if lineStart < tokens.count { lines.append(tokens[lineStart...]) }

        for (index, line) in lines.enumerated() {
            let strip = frames.reduce(0) { $0 + $1.strip }
            if isStandalone(line) {
                let leading = leadingWhitespace(line, strip: strip)
                for token in line where token.isTag {
                    try handle(token, standalone: true, leading: leading, next: index + 1 < lines.count ? lines[index + 1] : nil)
                }
                continue
            }
            appendLineStart()
            var leading: [UInt8]? = []
            var isFirst = true
            for token in line {
                switch token.kind {
                case .text:
                    var start = token.start
                    if isFirst {
                        while start < token.end, start - token.start < strip, isBlank(source.bytes[start]) { start += 1 }
                    }
                    let bytes = Array(source.bytes[start..<token.end])
                    if let soFar = leading {
                        leading = bytes.allSatisfy(isBlank) ? soFar + bytes : nil
                    }
                    appendText(bytes)
                case .newline:
                    appendText(Array(source.bytes[token.start..<token.end]))
                default:
                    try handle(token, standalone: false, leading: leading, next: nil)
                    leading = nil
                }
                isFirst = false
            }
        }
        if frames.count > 1, let open = frames.last {
            throw source.error(
                at: open.openOffset,
                "unclosed \(open.kind.label) '\(open.name)': expected '{{/\(open.name)}}' before the end of the template"
            )
        }
        return frames[0].nodes
    }

    // MARK: - lines

    private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private func isBlank(_ token: TemplateToken) -> Bool {
        source.bytes[token.start..<token.end].allSatisfy(isBlank)
    }

    /// Whitespace before the line's first tag, less the enclosing blocks' stripped indentation.
    private func leadingWhitespace(_ line: ArraySlice<TemplateToken>, strip: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for token in line {
            guard token.kind == .text else { break }
            bytes += source.bytes[token.start..<token.end]
        }
        return Array(bytes.dropFirst(min(strip, bytes.count)))
    }

    private func isStandalone(_ line: ArraySlice<TemplateToken>) -> Bool {
        var tags = 0
        for token in line {
            switch token.kind {
            case .text: if !isBlank(token) { return false }
            case .newline: continue
            default:
                if token.isOutputTag { return false }
                tags += 1
            }
        }
        if tags <= 1 { return tags == 1 }
        // Several tags: standalone only when all of them are parent structure.
        var stack = frames.map { ($0.kind, $0.name) }
        var sawParent = false
        for token in line where token.isTag {
            let top = stack.last ?? (.root, "")
            switch token.kind {
            case .comment, .delimiters:
                continue
            case .parent:
                stack.append((.parent, frameName(token)))
                sawParent = true
            case .block where top.0 == .parent:
                stack.append((.definition, token.name))
            case .close where (top.0 == .parent || top.0 == .definition) && top.1 == token.name:
                sawParent = sawParent || top.0 == .parent
                stack.removeLast()
            default:
                return false
            }
        }
        return sawParent
    }

    /// Indentation of a block's first line, when the block opens on a standalone line.
    private func definitionIndent(next: ArraySlice<TemplateToken>?, name: String, strip: Int) -> [UInt8] {
        guard let next, let first = next.first, first.kind == .text else { return [] }
        let blank = source.bytes[first.start..<first.end].prefix(while: isBlank)
        if blank.count == first.end - first.start, let tag = next.dropFirst().first, tag.kind == .close, tag.name == name {
            return []
        }
        return Array(blank.dropFirst(min(strip, blank.count)))
    }

    // MARK: - output

    private mutating func appendText(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, frames[frames.count - 1].kind != .parent else { return }
        if case .text(let previous) = frames[frames.count - 1].nodes.last, previous.last != UInt8(ascii: "\n") {
            frames[frames.count - 1].nodes[frames[frames.count - 1].nodes.count - 1] = .text(previous + bytes)
        } else {
            frames[frames.count - 1].nodes.append(.text(bytes))
        }
    }

    private mutating func appendLineStart() {
        guard frames[frames.count - 1].kind != .parent else { return }
        frames[frames.count - 1].nodes.append(.lineStart)
    }

    private mutating func append(_ node: TemplateNode) {
        frames[frames.count - 1].nodes.append(node)
    }

    // MARK: - tags

    private func frameName(_ token: TemplateToken) -> String {
        token.isDynamic ? "*" + token.name : token.name
    }

    private func location(_ offset: Int) -> SourceLocation {
        let (line, column) = source.position(of: offset)
        return SourceLocation(file: source.file, line: line, column: column, lineText: source.lineText(line))
    }

    private func reference(_ token: TemplateToken) -> TemplateReference {
        token.isDynamic ? .dynamic(TemplatePath(token.name)) : .named(token.name, at: location(token.start))
    }

    private func tagText(_ token: TemplateToken) -> String {
        source.string(token.start, token.end)
    }

    /// Only block definitions may appear directly inside a parent tag; other tags would be ignored
    /// silently by the spec, which in a portal template is always a mistake.
    private func requireRenderContext(_ token: TemplateToken) throws(TemplateError) {
        guard let top = frames.last, top.kind == .parent else { return }
        throw source.error(
            at: token.start,
            "unexpected '\(tagText(token))' inside parent '\(top.name)': expected only '{{$block}}' definitions there"
        )
    }

    private mutating func handle(
        _ token: TemplateToken, standalone: Bool, leading: [UInt8]?, next: ArraySlice<TemplateToken>?
    ) throws(TemplateError) {
        switch token.kind {
        case .text, .newline, .comment, .delimiters:
            return
        case .variable, .unescaped:
            try requireRenderContext(token)
            append(.variable(TemplatePath(token.name), escaped: token.kind == .variable))
        case .section, .inverted:
            try requireRenderContext(token)
            try open(Frame(kind: token.kind == .section ? .section : .inverted, name: token.name, openOffset: token.start), token)
        case .partial:
            try requireRenderContext(token)
            append(.partial(reference(token), indent: standalone ? leading ?? [] : nil))
        case .parent:
            try requireRenderContext(token)
            var frame = Frame(kind: .parent, name: frameName(token), openOffset: token.start)
            frame.reference = reference(token)
            frame.indent = standalone ? leading ?? [] : nil
            try open(frame, token)
        case .block:
            let strip = frames.reduce(0) { $0 + $1.strip }
            var frame = Frame(kind: .block, name: token.name, openOffset: token.start)
            let indent = standalone ? definitionIndent(next: next, name: token.name, strip: strip) : []
            frame.strip = indent.count
            if frames[frames.count - 1].kind == .parent {
                frame.kind = .definition
            } else if standalone {
                frame.extraIndent = (leading ?? []) + indent
            } else {
                frame.extraIndent = leading ?? []
                frame.midLine = true
            }
            try open(frame, token)
        case .close:
            try close(token)
        }
    }

    private mutating func open(_ frame: Frame, _ token: TemplateToken) throws(TemplateError) {
        guard frames.count <= Self.maximumNesting else {
            throw source.error(
                at: token.start, "'\(tagText(token))' nests sections, parents and blocks more than \(Self.maximumNesting) deep")
        }
        frames.append(frame)
    }

    private mutating func close(_ token: TemplateToken) throws(TemplateError) {
        guard frames.count > 1 else {
            throw source.error(at: token.start, "unexpected '\(tagText(token))': no section, parent or block is open")
        }
        let frame = frames[frames.count - 1]
        guard frame.name == token.name else {
            let (line, column) = source.position(of: frame.openOffset)
            throw source.error(
                at: token.start,
                "unexpected '\(tagText(token))': expected '{{/\(frame.name)}}' to close \(frame.kind.label) '\(frame.name)' (opened at \(line):\(column))"
            )
        }
        frames.removeLast()
        switch frame.kind {
        case .root:
            preconditionFailure("the root frame is never closed")
        case .section, .inverted:
            append(.section(TemplatePath(frame.name), frame.nodes, inverted: frame.kind == .inverted))
        case .parent:
            append(.parent(frame.reference!, indent: frame.indent, blocks: frame.blocks))
        case .definition:
            if frames[frames.count - 1].blocks.contains(where: { $0.name == frame.name }) {
                throw source.error(at: frame.openOffset, "block '\(frame.name)' is defined twice in the same parent")
            }
            frames[frames.count - 1].blocks.append(TemplateBlock(name: frame.name, body: frame.nodes))
        case .block:
            append(.block(name: frame.name, body: frame.nodes, extraIndent: frame.extraIndent, midLine: frame.midLine))
        }
    }
}

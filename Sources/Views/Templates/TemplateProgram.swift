/// One instruction of a linked template program. Payloads are plain integers, so reading an
/// instruction never touches a reference count.
enum TemplateOp: Sendable {
    /// Write `count` static bytes from `start` in the program's byte pool.
    case text(start: Int32, count: Int32)
    /// Start of a source line: write the current indentation.
    case lineStart
    /// Interpolate the value at `path`.
    case variable(path: Int32, escaped: Bool)
    /// Section: the body follows and ends with `.return`; continue at `end`.
    case section(path: Int32, end: Int32)
    /// Inverted section, laid out like `.section`.
    case inverted(path: Int32, end: Int32)
    /// Render template `template` (-1: missing) with indentation `indent` (-1: inline, reset).
    case partial(template: Int32, indent: Int32)
    /// Render the template named by the string at `path`.
    case dynamicPartial(path: Int32, indent: Int32)
    /// Render template `template` with block set `blocks` (-1: none) in scope.
    case parent(template: Int32, blocks: Int32, indent: Int32)
    /// Dynamic-name parent.
    case dynamicParent(path: Int32, blocks: Int32, indent: Int32)
    /// Block slot `name`: the default body follows (ending with `.return`); continue at `end`.
    case block(name: Int32, end: Int32, indent: Int32, midLine: Bool)
    /// End of a template or body.
    case `return`
}

/// Where a path's keys sit in the program's key table.
struct TemplatePathSpan: Sendable {
    /// Index of the first key in `pathKeys`.
    let start: Int32
    /// Number of keys (0 for `.`).
    let count: Int32
}

/// A block definition a parent tag passes down: slot `name` is filled by the body at `start`.
struct TemplateBlockDefinition: Sendable {
    /// The slot's interned name.
    let name: Int32
    /// First op of the body (which ends with `.return`).
    let start: Int32
}

/// Every template of a library linked into one flat, immutable program.
///
/// Static text lives in one byte pool, names in one path table, and partial/parent references are
/// template indices, so rendering does no string work except for values and dynamic names.
struct TemplateProgram: Sendable {
    private(set) var ops: [TemplateOp] = []
    private(set) var bytes: [UInt8] = []
    private(set) var paths: [TemplatePath] = []
    /// Every path's keys, back to back, and each path's span in it (what the renderer reads).
    private(set) var pathKeys: [TemplateKey] = []
    private(set) var pathSpans: [TemplatePathSpan] = []
    /// Indentation strings; index 0 is the empty indentation.
    private(set) var indents: [[UInt8]] = [[]]
    private(set) var blockSets: [[TemplateBlockDefinition]] = []
    /// Entry op of each template, by index.
    private(set) var entries: [Int] = []
    /// Template index by name.
    private(set) var names: [String: Int] = [:]

    private var pathIndex: [TemplatePath: Int32] = [:]
    private var indentIndex: [[UInt8]: Int32] = [[]: 0]
    private var blockNames: [String: Int32] = [:]
    private var pendingBodies: [(set: Int, name: Int32, body: [TemplateNode])] = []

    /// Links parsed templates; a partial or parent naming no template is an error unless
    /// `allowMissingPartials` (the spec renders such a partial as the empty string).
    static func link(_ templates: [(name: String, nodes: [TemplateNode])], allowMissingPartials: Bool) throws(TemplateError)
        -> TemplateProgram
    {
        var program = TemplateProgram()
        for (index, template) in templates.enumerated() { program.names[template.name] = index }
        for template in templates {
            program.entries.append(program.ops.count)
            try program.emit(template.nodes, allowMissing: allowMissingPartials)
            program.ops.append(.return)
        }
        // Block definitions are laid out after the templates, each ending with `.return`.
        while !program.pendingBodies.isEmpty {
            let pending = program.pendingBodies.removeFirst()
            program.blockSets[pending.set].append(TemplateBlockDefinition(name: pending.name, start: Int32(program.ops.count)))
            try program.emit(pending.body, allowMissing: allowMissingPartials)
            program.ops.append(.return)
        }
        program.pathIndex = [:]
        program.indentIndex = [:]
        return program
    }

    /// The index of the template called `name`.
    func template(named name: String) -> Int? { names[name] }

    private mutating func path(_ path: TemplatePath) -> Int32 {
        if let index = pathIndex[path] { return index }
        paths.append(path)
        pathSpans.append(TemplatePathSpan(start: Int32(pathKeys.count), count: Int32(path.keys.count)))
        pathKeys += path.keys
        pathIndex[path] = Int32(paths.count - 1)
        return Int32(paths.count - 1)
    }

    /// -1 for an inline tag (indentation resets), else the index of the indentation string.
    private mutating func indent(_ indent: [UInt8]?) -> Int32 {
        guard let indent else { return -1 }
        if let index = indentIndex[indent] { return index }
        indents.append(indent)
        indentIndex[indent] = Int32(indents.count - 1)
        return Int32(indents.count - 1)
    }

    private mutating func blockName(_ name: String) -> Int32 {
        if let index = blockNames[name] { return index }
        blockNames[name] = Int32(blockNames.count)
        return Int32(blockNames.count - 1)
    }

    private mutating func resolve(_ name: String, at location: SourceLocation, allowMissing: Bool) throws(TemplateError) -> Int32
    {
        if let index = names[name] { return Int32(index) }
        if allowMissing { return -1 }
        throw location.error("no template named '\(name)' (partials and parents are named by their path without '.mustache')")
    }

    private mutating func blocks(_ blocks: [TemplateBlock]) -> Int32 {
        guard !blocks.isEmpty else { return -1 }
        blockSets.append([])
        for block in blocks {
            pendingBodies.append((blockSets.count - 1, blockName(block.name), block.body))
        }
        return Int32(blockSets.count - 1)
    }

    private mutating func emit(_ nodes: [TemplateNode], allowMissing: Bool) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                ops.append(.text(start: Int32(bytes.count), count: Int32(text.count)))
                bytes += text
            case .lineStart:
                ops.append(.lineStart)
            case .variable(let name, let escaped):
                ops.append(.variable(path: path(name), escaped: escaped))
            case .section(let name, let body, let inverted):
                let at = ops.count
                ops.append(.return)
                try emit(body, allowMissing: allowMissing)
                ops.append(.return)
                let end = Int32(ops.count)
                ops[at] = inverted ? .inverted(path: path(name), end: end) : .section(path: path(name), end: end)
            case .partial(.named(let name, let location), let indentation):
                ops.append(
                    .partial(template: try resolve(name, at: location, allowMissing: allowMissing), indent: indent(indentation)))
            case .partial(.dynamic(let name), let indentation):
                ops.append(.dynamicPartial(path: path(name), indent: indent(indentation)))
            case .parent(.named(let name, let location), let indentation, let definitions):
                let template = try resolve(name, at: location, allowMissing: allowMissing)
                ops.append(.parent(template: template, blocks: blocks(definitions), indent: indent(indentation)))
            case .parent(.dynamic(let name), let indentation, let definitions):
                ops.append(.dynamicParent(path: path(name), blocks: blocks(definitions), indent: indent(indentation)))
            case .block(let name, let body, let extraIndent, let midLine):
                let at = ops.count
                ops.append(.return)
                try emit(body, allowMissing: allowMissing)
                ops.append(.return)
                ops[at] = .block(name: blockName(name), end: Int32(ops.count), indent: indent(extraIndent), midLine: midLine)
            }
        }
    }
}

/// Executes a `TemplateProgram` against a context, appending bytes to an output buffer.
///
/// Lives for one render call: the program's tables are borrowed as buffer pointers, the context
/// stack (a fixed allocation: the depth budget bounds it), block scope and indentation are pushed and
/// popped around sections and partials.
/// The context stack holds pointers into the caller's value tree, which is immutable and alive for
/// the whole call, so walking it never touches a reference count; values a view model produces on
/// demand (`.object`) are kept in the renderer's own allocations until the call ends.
/// It never fails: a missing key, template or block renders nothing.
struct TemplateRenderer: ~Copyable {
    /// Bodies (section items, partials, parents, blocks) nested beyond this depth render nothing: stops
    /// runaway recursion (a partial that includes itself, a block whose override names the block again).
    static let maximumDepth = 200
    /// Bodies entered per call beyond this render nothing: stops a template whose output grows
    /// exponentially (a partial included twice per level, sections nested over lists) from hanging.
    static let maximumEntries = 1_000_000

    /// The program, borrowed for the call (a copy would retain each of its tables on every render).
    private let programPointer: UnsafePointer<TemplateProgram>
    private var program: TemplateProgram { _read { yield programPointer.pointee } }
    private let ops: UnsafeBufferPointer<TemplateOp>
    private let bytes: UnsafeBufferPointer<UInt8>
    private let keys: UnsafeBufferPointer<TemplateKey>
    private let spans: UnsafeBufferPointer<TemplatePathSpan>
    private var output: ByteWriter
    /// The context stack: `stackCount` frames, the top last. Sections push at most one frame per body
    /// entered, and bodies nest at most `maximumDepth` deep, so `stackCapacity` frames always suffice.
    private let stack: UnsafeMutablePointer<Frame>
    private var stackCount = 1
    private static let stackCapacity = maximumDepth + 2
    /// Values view models produced during this call (`.object` lookups), freed when it ends.
    private var produced: [UnsafeMutablePointer<TemplateValue>] = []
    /// Per key of the program's key table, where it was last found in a dictionary: rows of a list share a
    /// shape, so after the first row each lookup checks one entry.
    private let hints: UnsafeMutableBufferPointer<Int32>
    private var blockScope: [Int32] = []
    private var indent: [UInt8] = []
    private var depth = 0
    private var entries = 0

    /// Room a render starts with; a larger page grows the buffer (doubling).
    static let initialCapacity = 16_384

    /// Renders template `index` of `program` with `value` as the context, appending to `output`.
    static func render(_ program: TemplateProgram, template index: Int, _ value: TemplateValue, into output: inout [UInt8]) {
        withUnsafePointer(to: program) { program in
            withUnsafePointer(to: value) { root in
                program.pointee.ops.withUnsafeBufferPointer { ops in
                    program.pointee.bytes.withUnsafeBufferPointer { bytes in
                        program.pointee.pathKeys.withUnsafeBufferPointer { keys in
                            program.pointee.pathSpans.withUnsafeBufferPointer { spans in
                                var renderer = TemplateRenderer(
                                    program: program, ops: ops, bytes: bytes, keys: keys, spans: spans,
                                    output: ByteWriter(capacity: initialCapacity), root: root)
                                renderer.run(program.pointee.entries[index])
                                renderer.output.append(to: &output)
                            }
                        }
                    }
                }
            }
        }
    }

    private init(
        program: UnsafePointer<TemplateProgram>, ops: UnsafeBufferPointer<TemplateOp>, bytes: UnsafeBufferPointer<UInt8>,
        keys: UnsafeBufferPointer<TemplateKey>, spans: UnsafeBufferPointer<TemplatePathSpan>, output: consuming ByteWriter,
        root: UnsafePointer<TemplateValue>
    ) {
        programPointer = program
        self.ops = ops
        self.bytes = bytes
        self.keys = keys
        self.spans = spans
        self.output = output
        stack = .allocate(capacity: Self.stackCapacity)
        stack.initialize(to: Frame(root))
        hints = .allocate(capacity: keys.count)
        hints.initialize(repeating: 0)
    }

    deinit {
        hints.deallocate()
        stack.deallocate()
        for value in produced {
            value.deinitialize(count: 1)
            value.deallocate()
        }
    }

    /// Frees the values view models produced since `mark`: the op that looked them up is done, so no pointer on
    /// the stack refers to them any more. Keeps memory flat however many keys a render resolves.
    @inline(__always)
    private mutating func releaseProduced(downTo mark: Int) {
        while produced.count > mark {
            let value = produced.removeLast()
            value.deinitialize(count: 1)
            value.deallocate()
        }
    }

    /// One level of the context stack: a value, and its dictionary's storage when it is one (read once, when the
    /// level is pushed). Unretained: the value tree the render was given keeps the storage alive, and a value a
    /// view model produced outlives the section that pushed it.
    private struct Frame {
        let value: UnsafePointer<TemplateValue>
        let dictionary: Unmanaged<TemplateDictionary.Storage>?

        init(_ value: UnsafePointer<TemplateValue>) {
            self.value = value
            if case .dictionary(let dictionary) = value.pointee {
                self.dictionary = .passUnretained(dictionary.storage)
            } else {
                self.dictionary = nil
            }
        }
    }

    // MARK: - execution

    /// Runs ops from `start` up to the `.return` that ends the body.
    private mutating func run(_ start: Int) {
        var index = start
        while true {
            switch ops[index] {
            case .return:
                return
            case .text(let start, let count):
                output.write(UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(start + count)]))
                index += 1
            case .lineStart:
                if !indent.isEmpty { indent.withUnsafeBufferPointer { output.write($0) } }
                index += 1
            case .variable(let path, let escaped):
                let mark = produced.count
                if let slot = lookup(path) {
                    if let text = slot.text {
                        write(text: text, escaped: escaped)
                    } else {
                        write(slot.value, escaped: escaped)
                    }
                }
                releaseProduced(downTo: mark)
                index += 1
            case .section(let path, let end):
                let mark = produced.count
                section(lookup(path)?.value, body: index + 1)
                releaseProduced(downTo: mark)
                index = Int(end)
            case .inverted(let path, let end):
                let mark = produced.count
                let truthy = lookup(path)?.value.pointee.isTruthy ?? false
                releaseProduced(downTo: mark)
                if !truthy { enter(index + 1) }
                index = Int(end)
            case .partial(let template, let indentation):
                if template >= 0 { include(Int(template), indentation: indentation) }
                index += 1
            case .dynamicPartial(let path, let indentation):
                if let template = dynamicTemplate(path) { include(template, indentation: indentation) }
                index += 1
            case .parent(let template, let blocks, let indentation):
                if template >= 0 { inherit(Int(template), blocks: blocks, indentation: indentation) }
                index += 1
            case .dynamicParent(let path, let blocks, let indentation):
                if let template = dynamicTemplate(path) { inherit(template, blocks: blocks, indentation: indentation) }
                index += 1
            case .block(let name, let end, let indentation, let midLine):
                expand(name, defaultBody: index + 1, indentation: indentation, midLine: midLine)
                index = Int(end)
            }
        }
    }

    private mutating func section(_ value: UnsafePointer<TemplateValue>?, body: Int) {
        guard let value else { return }
        switch value.pointee {
        case .null, .bool(false):
            return
        case .list(let items):
            items.withUnsafeBufferPointer { items in
                guard let first = items.baseAddress else { return }
                for position in 0..<items.count {
                    push(Frame(first + position))
                    enter(body)
                    stackCount -= 1
                }
            }
        default:
            push(Frame(value))
            enter(body)
            stackCount -= 1
        }
    }

    /// Pushes a context level (trivial frames: popping is `stackCount -= 1`).
    @inline(__always)
    private mutating func push(_ frame: Frame) {
        precondition(stackCount < Self.stackCapacity, "context stack deeper than the depth budget allows")
        (stack + stackCount).initialize(to: frame)
        stackCount += 1
    }

    /// Runs a nested body within the depth and entry budgets.
    private mutating func enter(_ body: Int) {
        guard depth < Self.maximumDepth, entries < Self.maximumEntries else { return }
        depth += 1
        entries += 1
        run(body)
        depth -= 1
    }

    private mutating func include(_ template: Int, indentation: Int32) {
        let saved = indent
        if indentation < 0 {
            indent = []
        } else if indentation > 0 {
            indent += program.indents[Int(indentation)]
        }
        enter(program.entries[template])
        indent = saved
    }

    private mutating func inherit(_ template: Int, blocks: Int32, indentation: Int32) {
        if blocks >= 0 { blockScope.append(blocks) }
        include(template, indentation: indentation)
        if blocks >= 0 { blockScope.removeLast() }
    }

    /// Fills a block slot: the outermost definition in scope wins, else the default body.
    private mutating func expand(_ name: Int32, defaultBody: Int, indentation: Int32, midLine: Bool) {
        var body = defaultBody
        search: for set in blockScope {
            for definition in program.blockSets[Int(set)] where definition.name == name {
                body = Int(definition.start)
                break search
            }
        }
        if midLine, case .lineStart = ops[body] { body += 1 }
        if indentation > 0 {
            let saved = indent
            indent += program.indents[Int(indentation)]
            enter(body)
            indent = saved
        } else {
            enter(body)
        }
    }

    private mutating func dynamicTemplate(_ path: Int32) -> Int? {
        let mark = produced.count
        defer { releaseProduced(downTo: mark) }
        guard let slot = lookup(path), case .string(let name) = slot.value.pointee else { return nil }
        return program.template(named: name)
    }

    // MARK: - values

    /// What a name resolved to: the value, and its UTF-8 bytes when it is a string held in a dictionary (the
    /// renderer writes those without going through `String`).
    private struct Slot {
        let value: UnsafePointer<TemplateValue>
        let text: UnsafeBufferPointer<UInt8>?

        @inline(__always)
        init(_ value: UnsafePointer<TemplateValue>) {
            self.value = value
            text = nil
        }

        @inline(__always)
        init(_ entry: UnsafePointer<TemplateDictionary.Entry>) {
            value = TemplateDictionary.Storage.valueAddress(entry)
            text = entry.pointee.text
        }
    }

    /// Resolves a dotted name: the first key walks the stack from the top, the rest descend.
    @inline(__always)
    private mutating func lookup(_ path: Int32) -> Slot? {
        let span = spans[Int(path)]
        guard span.count > 0 else { return Slot(stack[stackCount - 1].value) }
        let start = Int(span.start)
        var level = stackCount - 1
        var found: Slot?
        while level >= 0 {
            if let slot = child(of: stack[level], key: start) {
                found = slot
                break
            }
            level -= 1
        }
        guard var slot = found else { return nil }
        var position = 1
        while position < Int(span.count) {
            guard let next = child(of: slot.value, key: start + position) else { return nil }
            slot = next
            position += 1
        }
        return slot
    }

    /// The first step of a name, at one level of the stack: a dictionary level is searched through the storage
    /// the frame holds, copying no value and touching no reference count.
    @inline(__always)
    private mutating func child(of frame: Frame, key: Int) -> Slot? {
        guard let storage = frame.dictionary else { return child(of: frame.value, key: key) }
        let keys = keys
        let hints = hints
        return storage._withUnsafeGuaranteedRef { $0.entryPointer(for: keys.baseAddress! + key, hint: &hints[key]) }
            .map(Slot.init)
    }

    /// One step of a dotted name (`key` indexes the key table): a dictionary entry (in place) or a view model's
    /// key (kept until the call ends).
    @inline(__always)
    private mutating func child(of value: UnsafePointer<TemplateValue>, key: Int) -> Slot? {
        switch value.pointee {
        case .dictionary(let dictionary):
            return dictionary.storage.entryPointer(for: keys.baseAddress! + key, hint: &hints[key]).map(Slot.init)
        case .object(let object):
            guard let result = object.templateValue(forKey: keys[key].name) else { return nil }
            let kept = UnsafeMutablePointer<TemplateValue>.allocate(capacity: 1)
            kept.initialize(to: result)
            produced.append(kept)
            return Slot(UnsafePointer(kept))
        default:
            return nil
        }
    }

    private mutating func write(_ value: UnsafePointer<TemplateValue>, escaped: Bool) {
        switch value.pointee {
        case .string(let string):
            write(string, escaped: escaped)
        case .int(let number):
            HTML.appendDecimal(number, to: &output)
        case .double(let number):
            write(TemplateValue.format(number), escaped: false)
        case .bool(let flag):
            output.write(flag ? "true" : "false")
        case .null, .list, .dictionary, .object:
            return
        }
    }

    /// Writes a string's UTF-8 bytes (copied first only when the string has no contiguous storage).
    private mutating func write(_ string: String, escaped: Bool) {
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { write(text: $0, escaped: escaped) }
        if done == nil { Array(string.utf8).withUnsafeBufferPointer { write(text: $0, escaped: escaped) } }
    }

    /// Writes UTF-8 text escaped for HTML (`{{x}}`) or as it is (`{{{x}}}`, `{{&x}}`): the one place the two part.
    @inline(__always)
    private mutating func write(text: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        if escaped { HTML.escape(bytes: text, to: &output) } else { output.write(text) }
    }
}

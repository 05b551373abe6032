// libFuzzer entry for the template parser and renderer and the rich-text sanitizer, compiled by
// scripts/fuzz together with every file of Sources/Views:
//   swiftc -sanitize=fuzzer,address -parse-as-library Sources/Views/**/*.swift Fuzz/ViewsFuzz.swift
// The first byte chooses the target; the rest is the input, decoded as UTF-8 (invalid bytes replaced).

/// A view model whose keys produce values on demand (lists, dictionaries, itself), so the fuzzer also
/// exercises the values the renderer keeps alive for a lookup and frees after it. The values are built once:
/// a lookup copies them (as an App view model returning stored fields would), so the entry budget of a
/// deeply recursive template stays fast under the sanitizer.
private struct FuzzModel: TemplateRenderable {
    static let list: TemplateValue = [["b": .object(FuzzModel())], "x<y", 2]
    static let map: TemplateValue = ["e": ["f": .string(String(repeating: "m", count: 40))], "o": .object(FuzzModel())]
    static let text: TemplateValue = .string(String(repeating: "<&>", count: 20))

    func templateValue(forKey key: String) -> TemplateValue? {
        switch key {
        case "o": .object(self)
        case "l": Self.list
        case "m": Self.map
        case "s": Self.text
        default: nil
        }
    }
}

/// Context every fuzzed template renders with: sections, lists, dotted names, text to escape and a view model.
private let context: TemplateValue = [
    "a": [["b": 1], ["b": "<i>"]], "b": true, "c": "c&\"'", "d": ["e": ["f": "deep"]], "n": nil, "z": 0,
    "o": .object(FuzzModel()),
]

/// libFuzzer calls this once per input; a crash, hang or sanitizer report is the failure.
@_cdecl("LLVMFuzzerTestOneInput")
public func viewsFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let first = bytes.first else { return 0 }
    let rest = UnsafeBufferPointer(rebasing: bytes[1...])
    if first & 1 == 0 {
        fuzzTemplates(rest)
    } else {
        fuzzSanitizer(String(decoding: rest, as: UTF8.self))
    }
    return 0
}

/// Splits the input at NUL bytes into templates `t0`, `t1`, … (so partials and parents name each
/// other), compiles them with missing partials allowed, and renders each one that compiles.
/// A refusal must point inside its source.
private func fuzzTemplates(_ input: UnsafeBufferPointer<UInt8>) {
    let parts = input.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false)
    var templates: [String: String] = [:]
    for (index, part) in parts.enumerated() {
        templates["t\(index)"] = String(decoding: part, as: UTF8.self)
    }
    do {
        let library = try TemplateLibrary(templates: templates, options: .init(allowMissingPartials: true))
        for name in templates.keys {
            _ = library.render(name, context)
        }
    } catch {
        check(error.line >= 1 && error.column >= 1 && !error.message.isEmpty, "unplaced error: \(error)")
    }
}

/// Sanitizes the input: the output must hold the allowlist (`SanitizedHTML.problems`), and sanitizing
/// it again must change nothing (a second pass that finds more to remove means the first let it through).
private func fuzzSanitizer(_ input: String) {
    let output = HTMLSanitizer.sanitize(input)
    let problems = SanitizedHTML.problems(output)
    check(problems.isEmpty, "\(input.debugDescription) -> \(output.debugDescription): \(problems)")
    check(HTMLSanitizer.sanitize(output) == output, "not idempotent: \(input.debugDescription)")
}

/// Stops with the message (kept in optimized builds, unlike `precondition`'s) when `condition` fails.
private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

// libFuzzer entry for the template parser and renderer and the rich-text sanitizer, compiled by
// scripts/fuzz together with every file of Sources/Views:
//   swiftc -sanitize=fuzzer,address -parse-as-library Sources/Views/**/*.swift Fuzz/ViewsFuzz.swift
// The first byte chooses the target; the rest is the input, decoded as UTF-8 (invalid bytes replaced).

/// Context every fuzzed template renders with: sections, lists, dotted names and text to escape.
private let context: TemplateValue = [
    "a": [["b": 1], ["b": "<i>"]], "b": true, "c": "c&\"'", "d": ["e": ["f": "deep"]], "n": nil, "z": 0,
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

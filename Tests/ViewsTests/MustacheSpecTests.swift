import Foundation
import Testing

@testable import Views

/// One test of the Mustache spec, from ../shared/mustache-spec/<suite>.json.
struct SpecCase: Sendable, CustomTestStringConvertible {
    let suite: String
    let name: String
    let description: String
    let template: String
    let partials: [String: String]
    let data: TemplateValue
    let expected: String

    var testDescription: String { "\(suite): \(name)" }

    /// The suites the engine must pass: core plus the optional inheritance and dynamic names.
    static let suites = [
        "comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance", "~dynamic-names",
    ]

    /// Every case of every suite; empty when the folder is missing (`specFilesArePresent` fails then).
    static let all: [SpecCase] = (try? load()) ?? []

    static func load() throws -> [SpecCase] {
        try suites.flatMap { suite -> [SpecCase] in
            let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.mustacheSpec + "/\(suite).json"))
            guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let tests = root["tests"] as? [[String: Any]]
            else { throw CocoaError(.fileReadCorruptFile) }
            return tests.map { test in
                SpecCase(
                    suite: suite,
                    name: test["name"] as? String ?? "?",
                    description: test["desc"] as? String ?? "",
                    template: test["template"] as? String ?? "",
                    partials: test["partials"] as? [String: String] ?? [:],
                    data: TemplateValue(jsonObject: test["data"] ?? NSNull()),
                    expected: test["expected"] as? String ?? ""
                )
            }
        }
    }
}

@Suite struct MustacheSpecTests {
    @Test func specFilesArePresent() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: TestPaths.mustacheSpec, isDirectory: &isDirectory)
        #expect(exists && isDirectory.boolValue, "missing \(TestPaths.mustacheSpec): the spec suites must sit beside the project")
        let cases = try SpecCase.load()
        #expect(Set(cases.map(\.suite)) == Set(SpecCase.suites))
        #expect(cases.count == SpecCase.all.count)
        #expect(cases.count >= 180)
    }

    @Test(arguments: SpecCase.all)
    func spec(_ test: SpecCase) throws {
        var templates = test.partials
        templates["__spec__"] = test.template
        let library = try TemplateLibrary(templates: templates, options: .init(allowMissingPartials: true))
        let rendered = library.renderString("__spec__", test.data)
        #expect(rendered == test.expected, "\(test.description)\ntemplate: \(test.template.debugDescription)")
    }
}

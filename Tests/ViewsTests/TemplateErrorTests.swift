import Testing

@testable import Views

@Suite struct TemplateErrorTests {
    /// The error `source` produces when compiled as template `x.mustache`.
    static func error(_ source: String) -> TemplateError? {
        do {
            _ = try TemplateParser.parse(TemplateSource(source, file: "x.mustache"))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("{{#rows}}\n<td>{{name}}</td>\n", 1, 1, "unclosed section 'rows': expected '{{/rows}}' before the end of the template"),
        ("a\n  {{#rows}}x{{/row}}", 2, 13, "unexpected '{{/row}}': expected '{{/rows}}' to close section 'rows' (opened at 2:3)"),
        ("{{/rows}}", 1, 1, "unexpected '{{/rows}}': no section, parent or block is open"),
        ("<p>{{name</p>", 1, 4, "unclosed tag: expected '}}'"),
        ("é {{user name}}", 1, 9, "expected '}}' after 'user' (names contain no whitespace)"),
        ("{{#}}", 1, 1, "empty tag: expected a name after '{{#'"),
        ("{{a..b}}", 1, 3, "invalid name 'a..b': expected names separated by single dots, like 'user.name'"),
        ("{{= <% =}}", 1, 4, "invalid delimiter change: expected '{{=<open> <close>=}}'"),
        ("{{! never closed", 1, 1, "unclosed comment: expected '}}'"),
        ("{{{raw}}", 1, 1, "unclosed tag: expected '}}}' to end '{{{'"),
        (
            "{{<layout}}{{name}}{{/layout}}", 1, 12,
            "unexpected '{{name}}' inside parent 'layout': expected only '{{$block}}' definitions there"
        ),
        ("{{<p}}{{$a}}1{{/a}}{{$a}}2{{/a}}{{/p}}", 1, 20, "block 'a' is defined twice in the same parent"),
    ])
    func pointsAtTheProblem(_ source: String, _ line: Int, _ column: Int, _ message: String) throws {
        let error = try #require(Self.error(source))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message == message)
        #expect(error.file == "x.mustache")
    }

    @Test func describesWithTheLineAndACaret() throws {
        let error = try #require(Self.error("<table>\n\t<tr>{{#rows}}\n"))
        #expect(
            error.description == """
                x.mustache:2:6: unclosed section 'rows': expected '{{/rows}}' before the end of the template
                    \t<tr>{{#rows}}
                    \t    ^
                """)
    }

    @Test func fileErrorsHaveNoPosition() {
        #expect(
            TemplateError.file("t/x.mustache", "template is not valid UTF-8").description
                == "t/x.mustache: template is not valid UTF-8")
    }

    /// Seeded random templates: the parser never crashes or hangs, errors point inside the source,
    /// and whatever compiles renders.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func fuzzParser(_ seed: UInt64) {
        let alphabet = [
            "{{", "}}", "{{{", "}}}", "#", "^", "/", "!", ">", "<", "$", "&", "=", "*", ".", "a", "b", "c", " ", "\n", "\r\n",
            "\t", "x", "{{#a}}", "{{/a}}", "{{$b}}", "{{/b}}", "{{<c}}", "{{/c}}", "{{>c}}", "{{=<% %>=}}", "<%", "%>",
            "{{!", "é", "{", "}",
        ]
        var random = SeededRandom(seed: seed)
        let context: TemplateValue = ["a": [["b": 1], ["b": "<"]], "b": true, "c": "c"]
        for _ in 0..<3_000 {
            let source = random.string(from: alphabet, count: Int.random(in: 0...30, using: &random))
            do {
                let library = try TemplateLibrary(templates: ["c": source], options: .init(allowMissingPartials: true))
                _ = library.render("c", context)
            } catch {
                let lines = source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                #expect(error.line >= 1 && error.line <= lines.count, "\(source.debugDescription): \(error)")
                #expect(error.column >= 1, "\(source.debugDescription): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
    }
}

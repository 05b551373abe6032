import Foundation
import Testing

@testable import Views

@Suite struct TemplateLibraryTests {
    /// Writes `files` (relative path → text) under a fresh directory.
    static func directory(_ files: [String: String]) throws -> String {
        let root = try TestPaths.temporaryDirectory()
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func loadsADirectoryRecursivelyByRelativeName() throws {
        let root = try Self.directory([
            "layouts/owner.mustache": "<main>{{$content}}{{/content}}</main>",
            "owner/dashboard.mustache": "{{<layouts/owner}}{{$content}}{{>partials/hello}}{{/content}}{{/layouts/owner}}",
            "partials/hello.mustache": "Hello {{name}}",
            "notes.txt": "not a template",
            ".hidden/x.mustache": "{{#broken}}",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try TemplateLibrary(directory: root)
        #expect(library.names == ["layouts/owner", "owner/dashboard", "partials/hello"])
        #expect(library.renderString("owner/dashboard", ["name": "<Ana>"]) == "<main>Hello &lt;Ana&gt;</main>")
    }

    @Test func refusesAMissingPartialUnlessAllowed() throws {
        #expect(throws: TemplateError.self) { try TemplateLibrary(templates: ["page": "x\n  {{>nav}}"]) }
        do {
            _ = try TemplateLibrary(templates: ["page": "x\n  {{>nav}}"])
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 3)
            #expect(error.message.contains("no template named 'nav'"))
        }
        let lenient = try TemplateLibrary(templates: ["page": "[{{>nav}}]"], options: .init(allowMissingPartials: true))
        #expect(lenient.renderString("page", nil) == "[]")
    }

    @Test func reportsTheFirstBrokenFileWithItsPath() throws {
        let root = try Self.directory(["a.mustache": "ok", "b.mustache": "line one\n{{#rows}}\n<td>{{name}}</td>\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            _ = try TemplateLibrary(directory: root)
            Issue.record("loaded a broken template")
        } catch {
            #expect(error.file == root + "/b.mustache")
            #expect(error.line == 2)
            #expect(error.description.hasPrefix(root + "/b.mustache:2:1: unclosed section 'rows'"))
        }
    }

    @Test func refusesMissingDirectoriesNonUTF8AndOversizedFiles() throws {
        #expect(throws: TemplateError.self) { try TemplateLibrary(directory: "/nonexistent/templates") }
        let root = try Self.directory(["big.mustache": String(repeating: "x", count: 2_000)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: TemplateError.self) { try TemplateLibrary(directory: root, options: .init(maximumFileSize: 1_000)) }
        try Data([0xFF, 0xFE, 0x41]).write(to: URL(fileURLWithPath: root + "/bad.mustache"))
        #expect(throws: TemplateError.self) { try TemplateLibrary(directory: root) }
    }

    @Test func rendersIntoACallersBuffer() throws {
        let library = try TemplateLibrary(templates: ["t": "{{a}}-{{b}}"])
        var buffer = Array("head:".utf8)
        library.render("t", ["a": 1, "b": "two"], into: &buffer)
        library.render("t", ["a": 3], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "head:1-two3-")
    }

    /// A render starts with a buffer of `initialCapacity` bytes and grows it by doubling: pages on both sides of
    /// that size, and many times it, come out whole, alone and after a caller's prefix.
    @Test func pagesOfEverySizeAroundTheFirstBufferComeOutWhole() throws {
        let library = try TemplateLibrary(templates: ["rows": "{{#rows}}<{{text}}>{{/rows}}"])
        let first = TemplateRenderer.initialCapacity
        for total in [0, 1, first - 1, first, first + 1, first * 5 + 3] {
            // Rows of 100 bytes (98 of text and the two brackets), the last one shorter.
            var rows: [TemplateValue] = []
            var expected: [UInt8] = []
            var left = total
            while left >= 2 {
                let text = String(repeating: String(UnicodeScalar(UInt8(97 + rows.count % 26))), count: min(98, left - 2))
                rows.append(["text": .string(text)])
                expected += Array("<\(text)>".utf8)
                left -= text.utf8.count + 2
            }
            let rendered = library.render("rows", ["rows": .list(rows)])
            #expect(rendered.count == expected.count && rendered == expected, "\(total) bytes")
            var appended = Array("x".utf8)
            library.render("rows", ["rows": .list(rows)], into: &appended)
            #expect(appended == Array("x".utf8) + expected, "\(total) bytes after a prefix")
        }
    }

    @Test func reloadsChangedFilesInDevelopmentMode() throws {
        let root = try Self.directory(["page.mustache": "v1 {{>part}}", "part.mustache": "p1"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try TemplateLibrary(directory: root, options: .init(reloading: true, reloadInterval: .zero))
        #expect(library.renderString("page", nil) == "v1 p1")
        try "p2 is longer".write(toFile: root + "/part.mustache", atomically: true, encoding: .utf8)
        #expect(library.renderString("page", nil) == "v1 p2 is longer")
        // A broken edit shows an error page until it is fixed; the old program is kept meanwhile.
        try "{{#open}}".write(toFile: root + "/part.mustache", atomically: true, encoding: .utf8)
        let broken = library.renderString("page", nil)
        #expect(broken.contains("Template error") && broken.contains("unclosed section"))
        try "p3".write(toFile: root + "/part.mustache", atomically: true, encoding: .utf8)
        #expect(library.renderString("page", nil) == "v1 p3")
        try "new".write(toFile: root + "/added.mustache", atomically: true, encoding: .utf8)
        #expect(library.renderString("added", nil) == "new")
    }

    @Test func fixedLibrariesDoNotReload() throws {
        let root = try Self.directory(["page.mustache": "v1"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let library = try TemplateLibrary(directory: root)
        try "v2 longer".write(toFile: root + "/page.mustache", atomically: true, encoding: .utf8)
        #expect(library.renderString("page", nil) == "v1")
    }

    @Test func layoutsIndentPartialsAndKeepBlocksInPlace() throws {
        let library = try TemplateLibrary(templates: [
            "layout": "<body>\n  {{>nav}}\n  <main>\n    {{$content}}{{/content}}\n  </main>\n</body>\n",
            "nav": "<nav>\n  {{#items}}\n  <a>{{.}}</a>\n  {{/items}}\n</nav>\n",
            "page": "{{<layout}}\n{{$content}}\n<p>one</p>\n<p>two</p>\n{{/content}}\n{{/layout}}\n",
        ])
        let expected = """
            <body>
              <nav>
                <a>A</a>
                <a>B</a>
              </nav>
              <main>
                <p>one</p>
                <p>two</p>

              </main>
            </body>

            """
        #expect(library.renderString("page", ["items": ["A", "B"]]) == expected)
    }

    @Test func stopsRunawayRecursion() throws {
        let library = try TemplateLibrary(templates: ["loop": "x{{>loop}}", "fork": "{{#l}}{{>fork}}{{>fork}}{{/l}}"])
        #expect(library.renderString("loop", nil).count == TemplateRenderer.maximumDepth + 1)
        let forked = library.renderString("fork", ["l": [1, 2]])
        #expect(forked.isEmpty)
    }

    /// Sections around a recursive partial push one context level per body entered, up to the depth budget: the
    /// fixed context stack must hold every level, and a dotted name must resolve from the deepest one to the root.
    @Test func theContextStackHoldsEveryLevelTheDepthBudgetAllows() throws {
        let sections = 24
        let library = try TemplateLibrary(templates: [
            "deep": String(repeating: "{{#a}}", count: sections) + "{{root.name}}{{>deep}}"
                + String(repeating: "{{/a}}", count: sections)
        ])
        let text = library.renderString("deep", ["a": ["x": 1], "root": ["name": "r"]])
        // Each level enters `sections` bodies and then the partial; a name prints at depth sections + k * (sections + 1).
        let levels = (TemplateRenderer.maximumDepth - sections) / (sections + 1) + 1
        #expect(levels * sections > TemplateRenderer.maximumDepth * 9 / 10)
        #expect(text == String(repeating: "r", count: levels))
    }

    /// Found by `scripts/fuzz views`: an override that names its own block recursed until the stack overflowed.
    @Test func stopsABlockThatNamesItselfAndSectionsThatGrowExponentially() throws {
        let library = try TemplateLibrary(templates: [
            "child": "{{<parent}}{{$x}}[{{$x}}inner{{/x}}]{{/x}}{{/parent}}", "parent": "<{{$x}}default{{/x}}>",
            "nested": String(repeating: "{{#a}}", count: 60) + "." + String(repeating: "{{/a}}", count: 60),
        ])
        let child = library.renderString("child", nil)
        #expect(child.hasPrefix("<[[[") && child.hasSuffix("]]]>"))
        #expect(child.count <= 2 * TemplateRenderer.maximumDepth + 2)
        // 2^60 leaves: the entry budget ends it.
        let nested = library.renderString("nested", ["a": [1, 2]])
        #expect(!nested.isEmpty && nested.count <= TemplateRenderer.maximumEntries)
    }

    @Test func refusesNestingBeyondTheLimit() {
        let depth = TemplateParser.maximumNesting
        let fits = String(repeating: "{{#a}}", count: depth) + String(repeating: "{{/a}}", count: depth)
        #expect((try? TemplateLibrary(templates: ["t": fits])) != nil)
        let deeper = "{{#a}}" + fits + "{{/a}}"
        #expect {
            try TemplateLibrary(templates: ["t": deeper])
        } throws: { error in
            (error as? TemplateError)?.message.contains("more than \(depth) deep") == true
        }
    }

    @Test func dynamicNamesResolveAtRenderTime() throws {
        let library = try TemplateLibrary(templates: [
            "page": "{{>*kind}}|{{<*kind}}{{$x}}X{{/x}}{{/*kind}}", "a": "A{{$x}}-{{/x}}", "b": "B",
        ])
        #expect(library.renderString("page", ["kind": "a"]) == "A-|AX")
        #expect(library.renderString("page", ["kind": "b"]) == "B|B")
        #expect(library.renderString("page", ["kind": "zzz"]) == "|")
    }
}

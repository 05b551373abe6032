import Foundation
import Testing
import Views

@testable import PortalServer

@Suite struct RenderCommandTests {
    static func directory(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "render-command-" + UUID().uuidString
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func rendersATemplateWithJSONAndPartials() throws {
        let root = try Self.directory([
            "page.mustache": "{{<layouts/base}}{{$body}}{{#rows}}<li>{{name}}:{{n}}</li>{{/rows}}{{/body}}{{/layouts/base}}",
            "partials/layouts/base.mustache": "<ul>{{$body}}{{/body}}</ul>",
            "data.json": #"{"rows": [{"name": "A&B", "n": 1}, {"name": "C", "n": 2.5}]}"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let job = try RenderCommand.Job(
            templateFile: root + "/page.mustache", data: root + "/data.json", partials: root + "/partials")
        #expect(String(decoding: job.render(), as: UTF8.self) == "<ul><li>A&amp;B:1</li><li>C:2.5</li></ul>")
        let inline = try RenderCommand.Job(
            templateFile: root + "/page.mustache", data: #"{"rows": []}"#, partials: root + "/partials")
        #expect(String(decoding: inline.render(), as: UTF8.self) == "<ul></ul>")
    }

    @Test func reportsParseErrorsWithPositionAndExitsOne() throws {
        let root = try Self.directory(["bad.mustache": "ok\n{{#rows}}"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: TemplateError.self) {
            try RenderCommand.Job(templateFile: root + "/bad.mustache", data: "{}", partials: nil)
        }
        #expect(PortalMain.run(["render", "--template", root + "/bad.mustache", "--data", "{}"]) == 1)
        #expect(PortalMain.run(["render", "--template", root + "/bad.mustache", "--data", "{oops"]) == 1)
        #expect(PortalMain.run(["render", "--check", root]) == 1)
    }

    @Test func requiresTemplateAndData() {
        #expect(PortalMain.run(["render", "--data", "{}"]) == 2)
        #expect(PortalMain.run(["render", "--template", "x.mustache"]) == 2)
        #expect(PortalMain.run(["render", "--bench", "-3", "--template", "x", "--data", "{}"]) == 2)
    }

    @Test func isRegistered() {
        #expect(PortalMain.commands.contains { $0.name == "render" })
    }
}

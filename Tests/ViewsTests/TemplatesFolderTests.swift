import Foundation
import Testing

@testable import Views

/// Checks on the portal's own `Templates/` folder (and the bench templates, which must always compile).
///
/// Raw output rule: `{{{x}}}` and `{{&x}}` print HTML unescaped, so portal templates may use them
/// only for sanitized rich text, and such a variable's last name segment must end in `Html`
/// (`{{{broadcast.bodyHtml}}}`), a name the App layer gives only to values produced by
/// `HTMLSanitizer.sanitize`. Set-delimiter tags are not allowed either, so this check stays exhaustive.
@Suite struct TemplatesFolderTests {
    /// Every template file under `directory`, relative path → text.
    static func files(in directory: String) -> [String: String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [:] }
        var result: [String: String] = [:]
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".mustache") else { continue }
            result[path] = (try? String(contentsOfFile: directory + "/" + path, encoding: .utf8)) ?? ""
        }
        return result
    }

    /// Raw-output tags whose variable is not a sanitized `…Html` field, and delimiter changes.
    static func rawOutputViolations(_ text: String) -> [String] {
        var violations: [String] = []
        let pattern = #/\{\{(\{|&)\s*([^}\s]*)\s*\}?\}\}/#
        for match in text.matches(of: pattern) {
            let name = String(match.output.2)
            let last = name.split(separator: ".").last.map(String.init) ?? name
            if !(last.hasSuffix("Html") && last.count > 4) { violations.append(String(match.output.0)) }
        }
        if text.contains("{{=") { violations.append("{{= (delimiter change)") }
        return violations
    }

    @Test func benchTemplatesCompileAndRender() throws {
        let library = try TemplateLibrary(directory: TestPaths.bench + "/templates")
        #expect(library.names == ["layout", "nav", "page"])
        #expect(library.renderString("page", [:]).contains("<table class=\"grid\">"))
    }

    @Test func everyPortalTemplateCompilesAndRendersEmpty() throws {
        guard FileManager.default.fileExists(atPath: TestPaths.templates) else { return }
        let library = try TemplateLibrary(directory: TestPaths.templates)
        for name in library.names {
            _ = library.render(name, [:])
        }
        #expect(library.names.count == Self.files(in: TestPaths.templates).count)
    }

    @Test func rawOutputOnlyForSanitizedRichText() {
        var files = Self.files(in: TestPaths.templates)
        for (path, text) in Self.files(in: TestPaths.bench + "/templates") { files["bench/" + path] = text }
        #expect(!files.isEmpty)
        for (path, text) in files {
            #expect(Self.rawOutputViolations(text).isEmpty, "\(path): raw output outside the *Html allowlist")
        }
    }

    @Test func rawOutputRuleCatchesViolations() {
        #expect(Self.rawOutputViolations("{{{ broadcast.bodyHtml }}} {{&noteHtml}}").isEmpty)
        #expect(Self.rawOutputViolations("{{{ name }}}") == ["{{{ name }}}"])
        #expect(Self.rawOutputViolations("{{&user.bio}}") == ["{{&user.bio}}"])
        #expect(Self.rawOutputViolations("{{{Html}}}") == ["{{{Html}}}"])
        #expect(Self.rawOutputViolations("{{=<% %>=}}<%&x%>").count == 1)
    }
}

import Foundation
import Testing

@testable import Views

/// A view model resolved key by key.
private struct TenantRow: TemplateRenderable {
    let name: String
    let clients: Int
    var lookups = 0

    func templateValue(forKey key: String) -> TemplateValue? {
        switch key {
        case "name": .string(name)
        case "clients": .int(clients)
        case "busy": .bool(clients > 40)
        default: nil
        }
    }
}

/// A view model whose keys produce nested values: a dictionary, a list of view models, a string built on demand.
private struct StudioCard: TemplateRenderable {
    let name: String
    let coaches: [TenantRow]

    func templateValue(forKey key: String) -> TemplateValue? {
        switch key {
        case "owner": ["name": .string("Owner of " + name), "contact": ["email": "desk@example.com"]]
        case "coaches": TemplateValue(coaches)
        case "title": .string(String(repeating: name, count: 3))
        default: nil
        }
    }
}

@Suite struct TemplateValueTests {
    @Test func numbersFormatAsTheSpecExpects() {
        #expect(TemplateValue.double(1.21).text == "1.21")
        #expect(TemplateValue.double(2.0).text == "2")
        #expect(TemplateValue.double(-0.5).text == "-0.5")
        #expect(TemplateValue.double(1e21).text == "1e+21")
        #expect(TemplateValue.int(-42).text == "-42")
        #expect(TemplateValue.bool(true).text == "true")
        #expect(TemplateValue.null.text == "")
        #expect(TemplateValue.list([]).text == nil)
    }

    @Test func truthinessFollowsTheSpec() {
        #expect(!TemplateValue.null.isTruthy)
        #expect(!TemplateValue.bool(false).isTruthy)
        #expect(!TemplateValue.list([]).isTruthy)
        #expect(TemplateValue.string("").isTruthy)
        #expect(TemplateValue.int(0).isTruthy)
        #expect(TemplateValue.dictionary([:]).isTruthy)
    }

    @Test func literalsAndConversionsBuildValues() {
        let value: TemplateValue = ["name": "Acme", "tags": ["a", "b"], "count": 3, "ratio": 0.5, "ok": true, "none": nil]
        #expect(value["name"]?.text == "Acme")
        #expect(value["count"]?.text == "3")
        #expect(value["missing"] == nil)
        guard case .list(let tags) = TemplateValue(["x", "y"]) else {
            Issue.record("not a list")
            return
        }
        #expect(tags.count == 2)
        let optional: String? = nil
        #expect(TemplateValue(optional).isTruthy == false)
        #expect(TemplateValue(["k": 1])["k"]?.text == "1")
    }

    @Test func dictionariesKeepOrderReplaceDuplicatesAndIndexLargeSizes() {
        var dictionary = TemplateDictionary([("a", 1), ("b", 2), ("a", 3)])
        #expect(dictionary.keys == ["a", "b"])
        #expect(dictionary["a"]?.text == "3")
        dictionary["c"] = "new"
        dictionary["b"] = nil
        #expect(dictionary.keys == ["a", "c"])
        let large = TemplateDictionary((0..<200).map { ("key\($0)", TemplateValue.int($0)) })
        for index in stride(from: 0, to: 200, by: 7) { #expect(large["key\(index)"]?.text == "\(index)") }
        #expect(large["key200"] == nil)
    }

    @Test func jsonKeepsIntegersBooleansAndDoubles() throws {
        let value = try TemplateValue(json: Data(#"{"i": 85, "d": 1.210, "b": true, "n": null, "s": "x", "l": [1, 2.5]}"#.utf8))
        guard case .int(85) = value["i"], case .double(1.21) = value["d"], case .bool(true) = value["b"],
            case .null = value["n"], case .list(let list) = value["l"]
        else {
            Issue.record("unexpected conversion: \(value)")
            return
        }
        #expect(list.count == 2)
        #expect(throws: (any Error).self) { try TemplateValue(json: Data("{".utf8)) }
    }

    @Test func viewModelsResolveKeysLazily() throws {
        let library = try TemplateLibrary(templates: [
            "rows": "{{#rows}}{{name}}:{{clients}}{{#busy}}!{{/busy}}{{^missing}}?{{/missing}} {{/rows}}"
        ])
        let rows = [TenantRow(name: "Acme & Co", clients: 48), TenantRow(name: "Initech", clients: 5)]
        #expect(library.renderString("rows", ["rows": TemplateValue(rows)]) == "Acme &amp; Co:48!? Initech:5? ")
    }

    /// Values a view model produces live until the render ends: dotted names descend into them, sections iterate
    /// them and nested sections look up through them, in every render of the same context.
    @Test func valuesProducedByViewModelsStayValidForTheWholeRender() throws {
        let card =
            "{{title}}|{{owner.name}}|{{owner.contact.email}}|{{#owner}}{{#contact}}{{email}}/{{name}}{{/contact}}{{/owner}}|"
            + "{{#coaches}}{{name}}@{{owner.name}};{{/coaches}}|{{#cards}}{{title}}{{/cards}}"
        let library = try TemplateLibrary(templates: ["page": "{{#studio}}{{>card}}{{/studio}}", "card": card])
        let studio = StudioCard(
            name: "Studio Nine", coaches: [TenantRow(name: "Kai", clients: 3), TenantRow(name: "Lee <1>", clients: 50)])
        let context: TemplateValue = [
            "title": "outer", "owner": ["name": "unused"], "cards": TemplateValue([studio, studio]), "studio": .object(studio),
        ]
        let expected =
            "Studio NineStudio NineStudio Nine|Owner of Studio Nine|desk@example.com|desk@example.com/Owner of Studio Nine|"
            + "Kai@Owner of Studio Nine;Lee &lt;1&gt;@Owner of Studio Nine;|"
            + "Studio NineStudio NineStudio NineStudio NineStudio NineStudio Nine"
        for _ in 0..<3 {
            #expect(library.renderString("page", context) == expected)
        }
    }

    /// Lookups try where a key was last found first: rows whose keys sit in other orders, rows missing a key (the
    /// name then resolves further up the stack), and large indexed rows must still find each key's own value.
    @Test func rowsOfDifferentShapesResolveEachKeyToItsOwnValue() throws {
        let library = try TemplateLibrary(templates: ["rows": "{{#rows}}{{a}},{{b}},{{z}};{{/rows}}"])
        let wide = TemplateValue.dictionary(
            TemplateDictionary((0..<20).map { ("k\($0)", TemplateValue.int($0)) } + [("b", "wb"), ("a", "wa")]))
        let context: TemplateValue = [
            "a": "root-a", "z": "root-z",
            "rows": [["a": 1, "b": 2], ["b": 3, "a": 4], ["c": 5], ["b": 6], wide, ["a": 7, "b": 8, "z": "own-z"]],
        ]
        let expected = "1,2,root-z;4,3,root-z;root-a,,root-z;root-a,6,root-z;wa,wb,root-z;7,8,own-z;"
        for _ in 0..<2 {
            #expect(library.renderString("rows", context) == expected)
        }
    }

    /// A dictionary keeps a copy of each string value's bytes, which the renderer writes: every length (short
    /// copies go through overlapping loads), empty strings, non-ASCII text, raw and escaped output, dotted names
    /// and a dictionary rebuilt by assignment must all render the strings they hold.
    @Test func stringsInDictionariesRenderTheirOwnBytes() throws {
        let library = try TemplateLibrary(templates: [
            "rows": "{{#rows}}[{{text}}|{{{text}}}|{{&inner.text}}|{{n}}]{{/rows}}"
        ])
        var rows: [TemplateValue] = []
        var expected = ""
        for length in 0...70 {
            let text = String((0..<length).map { Array("ab<c&d\"e'f>é✓".unicodeScalars)[$0 % 13] }.map(Character.init))
            rows.append(["text": .string(text), "inner": ["text": .string(text + "!")], "n": .int(length)])
            expected += "[\(HTML.escape(text))|\(text)|\(text)!|\(length)]"
        }
        var rebuilt = TemplateDictionary(["text": "old", "n": 1, "inner": ["text": ""]])
        rebuilt["text"] = "new <one>"
        rebuilt["n"] = "not a number"
        rows.append(.dictionary(rebuilt))
        expected += "[new &lt;one&gt;|new <one>||not a number]"
        let context: TemplateValue = ["rows": .list(rows)]
        for _ in 0..<2 {
            #expect(library.renderString("rows", context) == expected)
        }
    }
}

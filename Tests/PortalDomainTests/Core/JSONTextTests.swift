import Testing

@testable import PortalDomain

@Suite struct JSONTextTests {
    @Test func quotesControlCharactersAndUnicode() {
        #expect(JSONText.quote("a\"b\\c\nd\u{1}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }

    @Test func parsesWhatItWritesAndRejectsGarbage() throws {
        var record = AuditRecord(action: "x")
        record.change("status", "active", "suspended")
        record.change("plan_id", nil, "3")
        record.personal("email", "a@b.example", "c@d.example")
        record.facts = ["z": "last", "a": "fi\"rst\n"]
        let json = record.detailsJSON
        #expect(json.hasPrefix("{\"changes\":[{\"field\":\"status\""))
        #expect(json.contains("\"facts\":{\"a\":"))
        let decoded = AuditRecord.decodeDetails(json)
        #expect(decoded.changes == record.changes)
        #expect(decoded.facts == record.facts)
        #expect(JSONText.parse("{\"a\": [1, 2.5, true, null, \"\\u00e9\\ud83d\\ude00\"]}")?["a"] != nil)
        #expect(JSONText.parse("{\"a\": }") == nil)
        #expect(JSONText.parse("[1, 2] trailing") == nil)
        #expect(JSONText.parse("\"\\ud83d\\ude00\"")?.string == "😀")
    }
}

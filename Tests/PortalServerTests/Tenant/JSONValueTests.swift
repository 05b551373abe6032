import Foundation
import Testing

@testable import PortalServer

@Suite struct JSONValueTests {
    @Test func writesRFC8259AndParsesBack() throws {
        let value = JSONValue.object([
            ("text", .string("quote \" backslash \\ newline \n tab \t bell \u{07} ümlaut 😀 </script>")),
            ("n", .int(-42)), ("yes", .bool(true)), ("none", .null), ("list", .array([.int(1), .string(nil as String?)])),
            ("nested", .object([])),
        ])
        let text = String(decoding: value.bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 ümlaut 😀 </script>","n":-42"#))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(value.bytes)) as? [String: Any])
        #expect(parsed["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} ümlaut 😀 </script>")
        #expect(parsed["n"] as? Int == -42 && parsed["yes"] as? Bool == true && parsed["none"] is NSNull)
        #expect((parsed["list"] as? [Any])?.count == 2 && (parsed["nested"] as? [String: Any])?.isEmpty == true)
    }
}

import Testing

@testable import Views

@Suite struct HTMLTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(HTML.escape(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(HTML.escape("plain, unicode: é ✓ 😀") == "plain, unicode: é ✓ 😀")
        #expect(HTML.escape("") == "")
        #expect(HTML.escape("&&") == "&amp;&amp;")
    }

    @Test func escapesIntoABuffer() {
        var buffer = Array("x=".utf8)
        HTML.escape("<b>", into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x=&lt;b&gt;")
    }

    @Test func writesDecimalsWithoutStrings() {
        for number in [0, 7, 10, -1, 1290, Int.max, Int.min] {
            var buffer: [UInt8] = []
            HTML.appendDecimal(number, to: &buffer)
            #expect(String(decoding: buffer, as: UTF8.self) == String(number))
        }
    }
}

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

    /// The loop tests up to eight bytes at a time: a special byte at every position of strings of every length
    /// up to 40 (whole words, partial words, the tail), next to each other byte value, must escape exactly as a
    /// byte-at-a-time reference does.
    @Test func wordAtATimeEscapingMatchesAByteAtATimeReference() {
        func reference(_ bytes: [UInt8]) -> [UInt8] {
            bytes.flatMap { byte -> [UInt8] in
                switch byte {
                case UInt8(ascii: "&"): Array("&amp;".utf8)
                case UInt8(ascii: "<"): Array("&lt;".utf8)
                case UInt8(ascii: ">"): Array("&gt;".utf8)
                case UInt8(ascii: "\""): Array("&quot;".utf8)
                case UInt8(ascii: "'"): Array("&#39;".utf8)
                default: [byte]
                }
            }
        }
        func escaped(_ bytes: [UInt8]) -> [UInt8] {
            var output: [UInt8] = []
            bytes.withUnsafeBufferPointer { HTML.escape(bytes: $0, into: &output) }
            return output
        }
        var checked = 0
        for length in 0...40 {
            for position in 0..<max(length, 1) {
                for special in Array("&<>\"'".utf8) + [0x00, 0x21, 0x25, 0x3D, 0x3F, 0xA6, 0xBC, 0xFF] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if length > 0 { bytes[position] = special }
                    if length > 2 { bytes[length - 1] = UInt8(ascii: "<") }
                    #expect(escaped(bytes) == reference(bytes), "length \(length), byte \(special) at \(position)")
                    checked += 1
                }
            }
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("&<>\"' aZ9\u{0}".utf8) + [0x26 ^ 0x80, 0x3C ^ 0x80, 0x01, 0x7F]
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...48, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            #expect(escaped(bytes) == reference(bytes), "\(bytes)")
        }
        #expect(checked > 10_000)
    }

    @Test func writesDecimalsWithoutStrings() {
        let edges = [0, 7, 9, 10, 99, 100, 101, 1000, 1290, 10_001, -1, -10, -100, Int.max, Int.min]
        for number in edges + (0..<500).map({ $0 * 37 - 9000 }) {
            var buffer: [UInt8] = []
            HTML.appendDecimal(number, to: &buffer)
            #expect(String(decoding: buffer, as: UTF8.self) == String(number))
        }
    }
}

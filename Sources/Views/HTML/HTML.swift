/// HTML escaping for text and attribute values.
///
/// `&`, `<`, `>`, `"` and `'` become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`, which is safe
/// in element content and in quoted attribute values. Runs of other bytes are copied as they are.
public enum HTML {
    /// `text` escaped for HTML.
    public static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        escape(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `text`, escaped, to `output`.
    public static func escape(_ text: String, into output: inout [UInt8]) {
        escape(text, to: &output)
    }

    /// Appends UTF-8 `bytes`, escaped, to `output`.
    public static func escape(bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        escape(bytes: bytes, to: &output)
    }

    /// Appends `text`, escaped, to any byte sink.
    @inline(__always)
    static func escape<Sink: ByteSink & ~Copyable>(_ text: String, to output: inout Sink) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { escape(bytes: $0, to: &output) }
        if done == nil {
            Array(text.utf8).withUnsafeBufferPointer { escape(bytes: $0, to: &output) }
        }
    }

    /// The escaping loop: copies runs of safe bytes, replaces the five special ones. Up to eight bytes at a
    /// time are tested for any of the five (`specialMask`), so a run without them costs one test per word.
    static func escape<Sink: ByteSink & ~Copyable>(bytes: UnsafeBufferPointer<UInt8>, to output: inout Sink) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            let width = min(count - index, 8)
            let mask = specialMask(word(at: base + index, count: width))
            if mask == 0 {
                index += width
                continue
            }
            // The lowest flagged byte is always a special one (see specialMask).
            index += mask.trailingZeroBitCount >> 3
            let replacement: StaticString
            switch base[index] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            default: replacement = "&#39;"
            }
            if runStart < index {
                output.write(UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            }
            output.write(UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            index += 1
            runStart = index
        }
        if runStart < count {
            output.write(UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
    }

    /// The `count` (1...8) bytes at `bytes` as a little-endian word, zero above them, read without touching
    /// memory past the last one.
    @inline(__always)
    static func word(at bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(bytes)
        if count >= 8 { return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) }
        if count >= 4 {
            let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return low | high << UInt64((count - 4) * 8)
        }
        var word = UInt64(bytes[0])
        if count > 1 { word |= UInt64(bytes[1]) << 8 }
        if count > 2 { word |= UInt64(bytes[2]) << 16 }
        return word
    }

    /// Non-zero when any byte of `word` is one of `& < > " '`: for each, the classic "has a zero byte" test on
    /// the word XORed with that byte repeated. A borrow can flag a byte above a matching one, never below it,
    /// so the test is exact for "any", and the lowest flagged byte is always a match.
    @inline(__always)
    static func specialMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        return zeroBytes(word ^ (ones &* 0x26)) | zeroBytes(word ^ (ones &* 0x3C)) | zeroBytes(word ^ (ones &* 0x3E))
            | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x27))
    }

    /// Appends the decimal digits of `number` without creating a String.
    static func appendDecimal<Sink: ByteSink & ~Copyable>(_ number: Int, to output: inout Sink) {
        if number >= 0, number < 10 {
            output.write(byte: UInt8(truncatingIfNeeded: number) &+ 0x30)
            return
        }
        var magnitude = number.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var position = 20
            repeat {
                position -= 1
                digits[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            } while magnitude > 0
            if number < 0 { output.write(byte: UInt8(ascii: "-")) }
            output.write(UnsafeBufferPointer(rebasing: digits[position..<20]))
        }
    }
}

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

    /// The escaping loop: copies runs of safe bytes, replaces the five special ones.
    static func escape<Sink: ByteSink & ~Copyable>(bytes: UnsafeBufferPointer<UInt8>, to output: inout Sink) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            // Every byte that needs escaping is at most '>' (0x3E).
            guard byte <= 0x3E else { continue }
            let replacement: StaticString
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            if runStart < index {
                output.write(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            }
            output.write(UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = index + 1
        }
        if runStart < bytes.count {
            output.write(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
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

/// A template's source bytes with a line table, so any byte offset maps to line, column and text.
struct TemplateSource: Sendable {
    /// UTF-8 bytes of the template.
    let bytes: [UInt8]
    /// Where the template came from, for error messages (a path or a library name).
    let file: String?
    /// Byte offset of the first byte of each line.
    private let lineStarts: [Int]

    /// Indexes the lines of `text`.
    init(_ text: String, file: String? = nil) {
        self.init(bytes: Array(text.utf8), file: file)
    }

    /// Indexes the lines of `bytes` (UTF-8).
    init(bytes: [UInt8], file: String? = nil) {
        self.bytes = bytes
        self.file = file
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    /// 1-based line and column (counting characters, not bytes) of a byte offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(0, offset), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        // Count UTF-8 lead bytes only, so a multi-byte character is one column.
        let column = bytes[lineStarts[low]..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (low + 1, column)
    }

    /// The text of a 1-based line, without its line break.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// An error at a byte offset.
    func error(at offset: Int, _ message: String) -> TemplateError {
        let (line, column) = position(of: offset)
        return TemplateError(file: file, line: line, column: column, lineText: lineText(line), message: message)
    }

    /// `start..<end` as a String (for names and messages).
    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

import Foundation
import Testing

@testable import Views

@Suite struct QRCodeTests {
    /// The mask number stored in a matrix's format bits (row 8, columns 2–4 of the first copy).
    static func mask(ofRows rows: [String]) -> Int {
        let row = Array(rows[8])
        // Bits 14..10 of the format are columns 0..4 of row 8 (before the timing column): ECC level
        // (2 bits) then mask (3 bits), XORed with 0x5412's top bits 10101.
        let bits = (0..<5).map { row[$0] == "#" ? 1 : 0 }.reduce(0) { $0 << 1 | $1 }
        return (bits ^ 0b10101) & 0b111
    }

    @Test func reedSolomonMatchesTheStandardsExample() {
        // ISO/IEC 18004 Annex I: "01234567" at 1-M, numeric mode.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = ReedSolomon.remainder(data[...], divisor: ReedSolomon.divisor(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
        #expect(ReedSolomon.multiply(0x80, 0x02) == 0x1D)
        #expect(ReedSolomon.multiply(0x53, 0xCA) == 0x8F)
    }

    @Test(arguments: QRCodeFixtures.matrices.indices)
    func matchesLibqrencode(_ index: Int) throws {
        let (text, rows) = QRCodeFixtures.matrices[index]
        let mask = Self.mask(ofRows: rows)
        // Same mask as the reference: every module must agree.
        let forced = try QRCode(bytes: Array(text.utf8), forcedMask: mask)
        #expect(forced.size == rows.count)
        #expect(Self.rows(forced) == rows, "\(text) with mask \(mask)")
        // Our own choice must be at least as good by the standard's penalty score.
        let chosen = try QRCode(text: text)
        #expect(chosen.size == rows.count)
        #expect(Self.penalty(chosen) <= Self.penalty(forced), "\(text): mask \(chosen.mask) vs reference \(mask)")
    }

    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "#" : "." }) }
    }

    static func penalty(_ code: QRCode) -> Int {
        QRMatrix.penalty(modules: code.modules, size: code.size)
    }

    @Test func choosesTheSmallestVersionAndRefusesTooMuch() throws {
        #expect(QRCode.capacity(version: 1) == 14)
        #expect(QRCode.capacity(version: 10) == 213)
        #expect(QRCode.capacity(version: 40) == 2331)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 14)).version == 1)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 15)).version == 2)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: 2331)).size == 177)
        #expect(throws: QRCodeError.tooLong(bytes: 2332, maximum: 2331)) {
            try QRCode(bytes: [UInt8](repeating: 0x41, count: 2332))
        }
    }

    @Test func svgIsCompactAccessibleAndStyleFree() throws {
        let code = try QRCode(text: "HELLO WORLD")
        let svg = code.svg(moduleSize: 5, quietZone: 4, label: "Scan \"me\" <now>")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\" width=\"145\" height=\"145\""))
        #expect(svg.contains("role=\"img\" aria-label=\"Scan &quot;me&quot; &lt;now&gt;\""))
        #expect(!svg.contains("style"))
        #expect(svg.components(separatedBy: "<path").count == 2)
        // Every dark module is covered by exactly one run: sum of run lengths = dark modules.
        let dark = (0..<code.size).flatMap { y in (0..<code.size).filter { code.isDark(x: $0, y: y) } }.count
        let runs = svg.split(separator: "h").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(runs.reduce(0, +) == dark)
    }

    static let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Texts that fill versions 1–10 to the brim and just past the previous one, plus a TOTP URI.
    static let decodeCases: [String] = {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=")
        var texts = ["otpauth://totp/Owner%20Portal:ana%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Owner%20Portal"]
        for version in [15, 27, 40] {  // many blocks, long character count, version information
            texts.append(String((0..<QRCode.capacity(version: version)).map { _ in alphabet.randomElement(using: &random)! }))
        }
        for version in 1...10 {
            for length in Set([QRCode.capacity(version: version), version > 1 ? QRCode.capacity(version: version - 1) + 1 : 1]) {
                texts.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
            }
        }
        return texts
    }()

    @Test(.enabled(if: zbarimg != nil, "zbarimg (zbar-tools) is not installed"), arguments: decodeCases)
    func zbarDecodesTheSymbol(_ text: String) throws {
        let code = try QRCode(text: text)
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/code.pbm"
        try Data(Self.pbm(code, scale: 6, quietZone: 4).utf8).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.zbarimg))
        process.arguments = ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: output, as: UTF8.self) == text + "\n", "version \(code.version)")
    }

    /// A plain PBM image of the symbol, `scale` pixels per module, with a light quiet zone.
    static func pbm(_ code: QRCode, scale: Int, quietZone: Int) -> String {
        let side = (code.size + 2 * quietZone) * scale
        var lines = ["P1", "\(side) \(side)"]
        for y in 0..<side {
            let moduleY = y / scale - quietZone
            lines.append((0..<side).map { code.isDark(x: $0 / scale - quietZone, y: moduleY) ? "1" : "0" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension QRCode {
    /// Error-correction codewords per block at level M, by version (ISO/IEC 18004 Table 9).
    static let eccCodewordsPerBlock: [Int] = [
        -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]

    /// Number of error-correction blocks at level M, by version (ISO/IEC 18004 Table 9).
    static let errorCorrectionBlocks: [Int] = [
        -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31,
        33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]

    /// Modules available for data and error correction (everything but function patterns).
    static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    /// Data codewords at level M.
    static func dataCodewords(version: Int) -> Int {
        rawDataModules(version: version) / 8 - eccCodewordsPerBlock[version] * errorCorrectionBlocks[version]
    }

    /// The final codeword sequence: byte-mode segment, terminator and padding, split into blocks,
    /// each followed by its Reed–Solomon codewords, then interleaved (§7.4, §7.5, §7.6).
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version <= 9 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacityBits = dataCodewords(version: version) * 8
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacityBits / 8 {
            data.append(pad)
            pad ^= 0xEC ^ 0x11
        }

        let blockCount = errorCorrectionBlocks[version]
        let eccLength = eccCodewordsPerBlock[version]
        let rawCodewords = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var blocks: [[UInt8]] = []
        var offset = 0
        for block in 0..<blockCount {
            let dataLength = shortBlockLength - eccLength + (block < shortBlocks ? 0 : 1)
            let chunk = data[offset..<offset + dataLength]
            offset += dataLength
            var codewords = Array(chunk)
            // Short blocks get a placeholder so every block has the same length; skipped below.
            if block < shortBlocks { codewords.append(0) }
            codewords += ReedSolomon.remainder(chunk, divisor: divisor)
            blocks.append(codewords)
        }
        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for index in 0..<blocks[0].count {
            for (block, codewords) in blocks.enumerated() where index != shortBlockLength - eccLength || block >= shortBlocks {
                result.append(codewords[index])
            }
        }
        return result
    }
}

/// An append-only bit sequence, most significant bit first.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    /// Appends the low `count` bits of `value`, highest first.
    mutating func append(_ value: Int, count bitCount: Int) {
        guard bitCount > 0 else { return }
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}

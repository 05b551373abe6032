/// The module grid of a QR symbol while it is being built: function patterns, data placement,
/// masking and format/version information (ISO/IEC 18004 §7.7–§7.10). Coordinates are (x, y)
/// = (column, row).
struct QRMatrix {
    /// Symbol version, 1–40.
    let version: Int
    /// Modules per side.
    let size: Int
    private(set) var modules: [Bool]
    /// Modules that belong to function patterns (never masked, never hold data).
    private var isFunction: [Bool]

    /// An all-light grid for `version`.
    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
    }

    /// Whether the module at column `x`, row `y` is dark.
    subscript(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    /// Replaces all modules (for scoring a finished symbol).
    mutating func replaceModules(_ modules: [Bool]) {
        precondition(modules.count == size * size, "module count does not match the version")
        self.modules = modules
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    // MARK: - function patterns

    /// Timing, finder, alignment patterns, and reserved format/version areas.
    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let positions = alignmentPositions()
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() where !(i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0) {
                drawAlignment(x, y)
            }
        }
        drawFormatBits(mask: 0)  // reserves the area; redrawn with the real mask
        drawVersion()
    }

    private mutating func drawFinder(_ x: Int, _ y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let (column, row) = (x + dx, y + dy)
                if column >= 0, column < size, row >= 0, row < size {
                    setFunction(column, row, distance != 2 && distance != 4)
                }
            }
        }
    }

    private mutating func drawAlignment(_ x: Int, _ y: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x + dx, y + dy, max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// Centre coordinates of alignment patterns (Annex E), ascending.
    func alignmentPositions() -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var result = [6]
        for index in 0..<(count - 1) {
            result.insert(size - 7 - index * step, at: 1)
        }
        return result
    }

    /// Format information: level M (00) and the mask, BCH(15,5)-protected, XOR 0x5412, twice.
    mutating func drawFormatBits(mask: Int) {
        let data = 0b00 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 != 0 }
        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)  // the dark module
    }

    /// Version information (versions 7+): 6 bits, BCH(18,6)-protected, in two 6×3 blocks.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 != 0
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(a, b, dark)
            setFunction(b, a, dark)
        }
    }

    // MARK: - data

    /// Places codewords in the two-column zigzag from the bottom-right corner (§7.7.3).
    mutating func drawCodewords(_ data: [UInt8]) {
        var bit = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for offset in 0..<2 {
                    let x = right - offset
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x], bit < data.count * 8 {
                        modules[y * size + x] = (data[bit >> 3] >> UInt8(7 - (bit & 7))) & 1 != 0
                        bit += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// XORs the data modules with mask pattern `mask` (§7.8.2); applying twice undoes it.
    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }

    /// The mask with the lowest penalty score (ties go to the lower mask number).
    mutating func bestMask() -> Int {
        var best = 0
        var bestPenalty = Int.max
        for mask in 0..<8 {
            apply(mask: mask)
            drawFormatBits(mask: mask)
            let score = penalty()
            if score < bestPenalty {
                best = mask
                bestPenalty = score
            }
            apply(mask: mask)
        }
        return best
    }
}

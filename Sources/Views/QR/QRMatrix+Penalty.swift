extension QRMatrix {
    /// The penalty of finished modules (tests compare masks chosen by other encoders).
    static func penalty(modules: [Bool], size: Int) -> Int {
        var matrix = QRMatrix(version: (size - 17) / 4)
        matrix.replaceModules(modules)
        return matrix.penalty()
    }

    /// The four penalty rules of ISO/IEC 18004 §7.8.3: runs of five or more same-colour modules
    /// (N1 = 3, +1 per extra module), 2×2 blocks (N2 = 3), finder-like 1:1:3:1:1 patterns with four
    /// light modules on a side (N3 = 40), and dark/light imbalance (N4 = 10 per 5% step).
    func penalty() -> Int {
        var result = 0
        for line in 0..<size {
            result += linePenalty { self[$0, line] }
            result += linePenalty { self[line, $0] }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = self[x, y]
                if colour == self[x + 1, y], colour == self[x, y + 1], colour == self[x + 1, y + 1] { result += 3 }
            }
        }
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        let steps = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        result += steps * 10
        return result
    }

    /// Rules 1 and 3 along one row or column; `module(i)` reads position i.
    private func linePenalty(_ module: (Int) -> Bool) -> Int {
        var result = 0
        var runColour = false
        var runLength = 0
        var history = [Int](repeating: 0, count: 7)
        for index in 0..<size {
            if module(index) == runColour {
                runLength += 1
                if runLength == 5 {
                    result += 3
                } else if runLength > 5 {
                    result += 1
                }
            } else {
                addHistory(runLength, to: &history)
                if !runColour { result += finderPatterns(history) * 40 }
                runColour = module(index)
                runLength = 1
            }
        }
        // Close the line as if the light quiet zone continued it.
        if runColour {
            addHistory(runLength, to: &history)
            runLength = 0
        }
        runLength += size
        addHistory(runLength, to: &history)
        result += finderPatterns(history) * 40
        return result
    }

    private func addHistory(_ length: Int, to history: inout [Int]) {
        var length = length
        if history[0] == 0 { length += size }  // the quiet zone before the first run
        history.removeLast()
        history.insert(length, at: 0)
    }

    /// 1:1:3:1:1 dark-light runs with ≥ 4 light modules before or after (counted each way).
    private func finderPatterns(_ history: [Int]) -> Int {
        let unit = history[1]
        let core = unit > 0 && history[2] == unit && history[3] == unit * 3 && history[4] == unit && history[5] == unit
        return (core && history[0] >= unit * 4 && history[6] >= unit ? 1 : 0)
            + (core && history[6] >= unit * 4 && history[0] >= unit ? 1 : 0)
    }
}

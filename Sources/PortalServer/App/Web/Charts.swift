import Views

/// Small charts drawn on the server as values for inline SVG in templates (no script, no inline style).
enum Charts {
    /// A usage bar for `partials/usage-bar`: `used` of `limit` (nil = unlimited), amber from 80 %, red at 100 %.
    static func usageBar(label: String, used: Int64, limit: Int64?, format: (Int64) -> String = Formatting.number)
        -> TemplateValue
    {
        guard let limit, limit > 0 else {
            return [
                "label": .string(label), "usedLabel": .string(format(used)), "limitLabel": "unlimited",
                "barWidth": .int(0), "level": "ok", "percent": .int(0),
            ]
        }
        let percent = Int((Double(used) / Double(limit) * 100).rounded(.down))
        let level = percent >= 100 ? "full" : percent >= 80 ? "warn" : "ok"
        return [
            "label": .string(label), "usedLabel": .string(format(used)), "limitLabel": .string(format(limit)),
            "barWidth": .int(min(100, max(0, percent))), "level": .string(level), "percent": .int(percent),
            "isWarning": .bool(percent >= 80),
        ]
    }

    /// Path data for a sparkline in a `0 0 100 32` view box: `line` (the series) and `area` (filled below it).
    static func sparkline(_ values: [Double], label: String) -> TemplateValue {
        guard values.count > 1, let maximum = values.max(), let minimum = values.min() else {
            return ["label": .string(label), "line": "", "area": "", "empty": true]
        }
        let span = maximum - minimum
        let points = values.enumerated().map { index, value -> (Double, Double) in
            let x = Double(index) / Double(values.count - 1) * 100
            let y = span == 0 ? 16 : 30 - (value - minimum) / span * 28
            return (x, y)
        }
        func fmt(_ v: Double) -> String { String(Double((v * 10).rounded()) / 10) }
        let line = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(fmt($0.element.0)) \(fmt($0.element.1))" }
            .joined(separator: " ")
        return ["label": .string(label), "line": .string(line), "area": .string(line + " L100 32 L0 32 Z"), "empty": false]
    }
}

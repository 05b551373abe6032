import Foundation

/// Figures about this process that the health page and `/metrics` show, read from Linux's `/proc`.
enum ProcessStats {
    /// Resident set size in bytes (`VmRSS` of `/proc/self/status`), nil where `/proc` is unavailable.
    static func residentBytes(status path: String = "/proc/self/status") -> Int64? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return residentBytes(statusText: text)
    }

    /// `VmRSS` of a `/proc/<pid>/status` text (`VmRSS:	  12345 kB`), in bytes.
    static func residentBytes(statusText text: String) -> Int64? {
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.dropFirst("VmRSS:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let value = fields.first.flatMap({ Int64($0) }) else { return nil }
            let unit = fields.count > 1 ? fields[1].lowercased() : "kb"
            return unit == "kb" ? value * 1_024 : value
        }
        return nil
    }

    /// `3 d 4 h`, `5 h 12 min`, `42 s`; a zero second part is left out (`1 d`, `15 min`).
    static func duration(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        func pair(_ major: Int64, _ majorUnit: String, _ minor: Int64, _ minorUnit: String) -> String {
            minor == 0 ? "\(major) \(majorUnit)" : "\(major) \(majorUnit) \(minor) \(minorUnit)"
        }
        if s >= 86_400 { return pair(s / 86_400, "d", s % 86_400 / 3_600, "h") }
        if s >= 3_600 { return pair(s / 3_600, "h", s % 3_600 / 60, "min") }
        if s >= 60 { return pair(s / 60, "min", s % 60, "s") }
        return "\(s) s"
    }

    /// `850 µs`, `12.3 ms`, `1.2 s`.
    static func latency(micros: Int64) -> String {
        if micros < 1_000 { return "\(micros) µs" }
        if micros < 1_000_000 { return "\(Formatting.decimal(Double(micros) / 1_000)) ms" }
        return "\(Formatting.decimal(Double(micros) / 1_000_000)) s"
    }
}

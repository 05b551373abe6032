import Foundation

/// Small timing helpers for the `--bench` output.
enum Stopwatch {
    /// Display unit.
    enum Unit { case ms, us }

    /// Median duration of `runs` calls of `body`.
    static func median(runs: Int, _ body: () -> Void) -> Duration {
        var samples = (0..<max(1, runs)).map { _ in ContinuousClock().measure(body) }
        samples.sort()
        return samples[samples.count / 2]
    }

    /// `1.23 ms` or `12.3 us`.
    static func format(_ duration: Duration, unit: Unit) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        switch unit {
        case .ms: return String(format: "%.2f ms", seconds * 1e3)
        case .us: return String(format: "%.1f us", seconds * 1e6)
        }
    }
}

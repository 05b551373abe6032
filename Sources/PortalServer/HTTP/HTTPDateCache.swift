#if canImport(Glibc)
    import Glibc
#endif

/// The `Date` field value (RFC 9110 §5.6.7 IMF-fixdate), rebuilt at most once per second.
///
/// Each event loop owns one, so no lock is taken on the hot path.
struct HTTPDateCache {
    private var second = -1
    /// The current `Date: …\r\n` line as bytes.
    private(set) var line: [UInt8] = []

    /// A cache that formats on first use.
    init() {}

    /// The `Date: …\r\n` line for now.
    mutating func currentLine() -> [UInt8] {
        let now = time(nil)
        if now != second {
            second = now
            line = Array("Date: \(HTTPDateCache.format(now))\r\n".utf8)
        }
        return line
    }

    /// Formats `seconds` since the epoch as IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}

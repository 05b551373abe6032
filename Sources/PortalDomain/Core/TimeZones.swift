import Foundation
import Synchronization

/// Time-zone lookups and civil-time arithmetic on UTC Unix seconds, without `Calendar` (it is slow
/// and allocates; metrics call these thousands of times per request).
public enum TimeZones {
    private static let cache = Mutex<[String: TimeZone]>([:])

    /// The zone for an IANA identifier (cached), nil when unknown.
    public static func zone(_ identifier: String) -> TimeZone? {
        if let zone = cache.withLock({ $0[identifier] }) { return zone }
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return nil }
        cache.withLock { $0[identifier] = zone }
        return zone
    }

    /// The zone for `identifier`, UTC when unknown.
    public static func zoneOrUTC(_ identifier: String) -> TimeZone {
        zone(identifier) ?? TimeZone(secondsFromGMT: 0)!
    }

    /// Offset from UTC in seconds at instant `t`.
    public static func offset(_ t: Int64, in zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
    }

    /// The local date and time of instant `t` in `zone`.
    public static func local(_ t: Int64, in zone: TimeZone) -> LocalDateTime {
        LocalDateTime(localSeconds: t + offset(t, in: zone))
    }

    /// `yyyymm` of instant `t` in `zone` (the key of monthly session counts).
    public static func monthKey(_ t: Int64, in zone: TimeZone) -> Int {
        let local = local(t, in: zone)
        return local.year * 100 + local.month
    }

    /// The UTC instant of local wall time `localSeconds` (seconds since 1970-01-01 00:00 local) in `zone`.
    /// In a DST gap the later offset wins; in an overlap the first occurrence.
    public static func instant(localSeconds: Int64, in zone: TimeZone) -> Int64 {
        let guess = localSeconds - offset(localSeconds, in: zone)
        return localSeconds - offset(guess, in: zone)
    }

    /// The UTC instant where local month `yyyymm` starts in `zone`.
    public static func startOfMonth(_ monthKey: Int, in zone: TimeZone) -> Int64 {
        let days = daysFromCivil(year: monthKey / 100, month: monthKey % 100, day: 1)
        return instant(localSeconds: days * 86_400, in: zone)
    }

    /// The month key `delta` months after `monthKey`.
    public static func addMonths(_ monthKey: Int, _ delta: Int) -> Int {
        let index = (monthKey / 100) * 12 + (monthKey % 100 - 1) + delta
        return (index / 12) * 100 + index % 12 + 1
    }

    /// The UTC instant of local midnight starting the day that contains `t` in `zone`.
    public static func startOfDay(_ t: Int64, in zone: TimeZone) -> Int64 {
        let localSeconds = t + offset(t, in: zone)
        let midnight = localSeconds - ((localSeconds % 86_400) + 86_400) % 86_400
        return instant(localSeconds: midnight, in: zone)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of day number `days` since 1970-01-01.
    public static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}

/// A wall-clock date and time in some zone.
public struct LocalDateTime: Sendable, Equatable {
    /// Gregorian year.
    public let year: Int
    /// 1…12.
    public let month: Int
    /// 1…31.
    public let day: Int
    /// 0…23.
    public let hour: Int
    /// 0…59.
    public let minute: Int
    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public let weekday: Int
    /// Days since 1970-01-01 of the local date.
    public let dayNumber: Int64

    /// Splits local seconds since 1970-01-01 00:00.
    init(localSeconds: Int64) {
        let days = localSeconds >= 0 ? localSeconds / 86_400 : (localSeconds - 86_399) / 86_400
        let rest = localSeconds - days * 86_400
        let date = TimeZones.civilFromDays(days)
        year = date.year
        month = date.month
        day = date.day
        hour = Int(rest / 3_600)
        minute = Int(rest % 3_600 / 60)
        // 1970-01-01 was a Thursday (ISO weekday 4).
        weekday = Int(((days % 7) + 7 + 3) % 7) + 1
        dayNumber = days
    }

    /// `YYYY-MM-DD`.
    public var isoDate: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A zone's UTC offsets over a window, as constant segments between transitions: one
/// `secondsFromGMT` call per transition instead of one per instant (metrics convert thousands of
/// instants per request).
public struct OffsetTable: Sendable {
    private var starts: [Int64] = []
    private var offsets: [Int64] = []

    /// The offsets of `zone` from `from` to `until`.
    public init(zone: TimeZone, from: Int64, until: Int64) {
        var instant = from
        starts.append(from)
        offsets.append(TimeZones.offset(from, in: zone))
        while let next = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(instant))) {
            let t = Int64(next.timeIntervalSince1970.rounded(.up))
            guard t < until, t > instant else { break }
            starts.append(t)
            offsets.append(TimeZones.offset(t, in: zone))
            instant = t
        }
    }

    /// The offset at `t` (the first segment's before the window, the last one's after it).
    public func offset(_ t: Int64) -> Int64 {
        var index = offsets.count - 1
        while index > 0 && starts[index] > t { index -= 1 }
        return offsets[index]
    }

    /// Local day number (days since 1970-01-01) of `t`.
    public func dayNumber(_ t: Int64) -> Int64 {
        let local = t + offset(t)
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }
}

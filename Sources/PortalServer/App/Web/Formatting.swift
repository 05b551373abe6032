import Foundation
import PortalDomain

/// Formats times, money and numbers for one viewer: times in the viewer's time zone, money with its currency.
struct Formatting: Sendable {
    /// The viewer's zone.
    let zone: TimeZone
    /// Its IANA name, shown in the footer.
    let zoneName: String

    /// Formatting in the zone named `identifier` (UTC when unknown).
    init(timeZone identifier: String) {
        zone = TimeZones.zoneOrUTC(identifier)
        zoneName = TimeZones.zone(identifier) == nil ? "UTC" : identifier
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `21 Nov 2026, 14:05`.
    func dateTime(_ t: Int64) -> String {
        let local = TimeZones.local(t, in: zone)
        return "\(local.day) \(Self.monthNames[local.month - 1]) \(local.year), \(Self.pad(local.hour)):\(Self.pad(local.minute))"
    }

    /// `21 Nov 2026`.
    func date(_ t: Int64) -> String {
        let local = TimeZones.local(t, in: zone)
        return "\(local.day) \(Self.monthNames[local.month - 1]) \(local.year)"
    }

    /// `Sat 21 Nov`.
    func dayLabel(_ t: Int64) -> String {
        let local = TimeZones.local(t, in: zone)
        return "\(Self.weekdayNames[local.weekday - 1]) \(local.day) \(Self.monthNames[local.month - 1])"
    }

    /// `14:05`.
    func time(_ t: Int64) -> String {
        let local = TimeZones.local(t, in: zone)
        return "\(Self.pad(local.hour)):\(Self.pad(local.minute))"
    }

    /// `2026-11-21` in the viewer's zone (for `<input type="date">`).
    func isoDate(_ t: Int64) -> String { TimeZones.local(t, in: zone).isoDate }

    /// `2026-11-21T14:05` in the viewer's zone (for `<input type="datetime-local">`).
    func isoLocalDateTime(_ t: Int64) -> String {
        let local = TimeZones.local(t, in: zone)
        return "\(local.isoDate)T\(Self.pad(local.hour)):\(Self.pad(local.minute))"
    }

    /// The instant of a `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` value typed in the viewer's zone; nil when malformed.
    func instant(fromLocal text: String) -> Int64? {
        let parts = text.split(separator: "T", maxSplits: 1)
        let dateParts = parts.first?.split(separator: "-").compactMap { Int($0) } ?? []
        guard dateParts.count == 3, (1...12).contains(dateParts[1]), (1...31).contains(dateParts[2]),
            (1900...9999).contains(dateParts[0])
        else { return nil }
        var seconds: Int64 = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").compactMap { Int($0) }
            guard time.count >= 2, (0...23).contains(time[0]), (0...59).contains(time[1]) else { return nil }
            seconds = Int64(time[0] * 3600 + time[1] * 60)
        }
        let days = TimeZones.daysFromCivil(year: dateParts[0], month: dateParts[1], day: dateParts[2])
        return TimeZones.instant(localSeconds: days * 86_400 + seconds, in: zone)
    }

    /// `2026-11-21T13:05:00Z`: the machine-readable form for `<time datetime>`.
    static func isoUTC(_ t: Int64) -> String {
        let local = TimeZones.local(t, in: TimeZone(secondsFromGMT: 0)!)
        return "\(local.isoDate)T\(pad(local.hour)):\(pad(local.minute)):\(pad(Int(((t % 60) + 60) % 60)))Z"
    }

    /// `5 min ago`, `in 3 h`, `2 days ago` relative to `now`.
    static func relative(_ t: Int64, now: Int64) -> String {
        let delta = now - t
        let magnitude = abs(delta)
        let text: String
        switch magnitude {
        case ..<60: return "just now"
        case ..<3600: text = "\(magnitude / 60) min"
        case ..<86_400: text = "\(magnitude / 3600) h"
        default: text = "\(magnitude / 86_400) day\(magnitude / 86_400 == 1 ? "" : "s")"
        }
        return delta >= 0 ? "\(text) ago" : "in \(text)"
    }

    /// `€1,234.50`, `$12.00`, `1,234 JPY`: the symbol where it is unambiguous, else the code.
    static func money(_ money: Money) -> String {
        let decimal = money.decimalString
        let negative = decimal.hasPrefix("-")
        let unsigned = negative ? String(decimal.dropFirst()) : decimal
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var text = grouped(String(parts[0]))
        if parts.count == 2 { text += "." + parts[1] }
        let sign = negative ? "−" : ""
        switch money.currency {
        case "EUR": return "\(sign)€\(text)"
        case "USD": return "\(sign)$\(text)"
        case "GBP": return "\(sign)£\(text)"
        default: return "\(sign)\(text) \(money.currency)"
        }
    }

    /// `1,234,567`.
    static func number(_ value: Int64) -> String {
        value < 0 ? "−" + grouped(String(value.magnitude)) : grouped(String(value))
    }

    /// `1,234,567`.
    static func number(_ value: Int) -> String { number(Int64(value)) }

    /// `4.2`: one decimal, for averages.
    static func decimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(number(tenths / 10)).\(abs(tenths % 10))"
    }

    /// `1.5 GB`, `320 MB`, `12 KB` (decimal units, as plans count storage).
    static func bytes(_ value: Int64) -> String {
        let units: [(Int64, String)] = [(1_000_000_000_000, "TB"), (1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "KB")]
        for (size, unit) in units where value >= size {
            return "\(decimal(Double(value) / Double(size))) \(unit)"
        }
        return "\(value) B"
    }

    private static func grouped(_ digits: String) -> String {
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

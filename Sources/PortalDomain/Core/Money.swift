/// An amount of money: integer minor units (cents) and an ISO 4217 currency code.
public struct Money: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Amount in minor units.
    public let minorUnits: Int64
    /// ISO 4217 code, upper case.
    public let currency: String

    /// An amount in `currency`.
    public init(minorUnits: Int64, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Digits after the decimal point for the currency (ISO 4217 exponent; 2 unless listed).
    public static func minorDigits(_ currency: String) -> Int {
        switch currency {
        case "JPY", "KRW", "CLP", "ISK", "VND", "UGX", "XAF", "XOF": 0
        case "BHD", "KWD", "OMR", "JOD", "TND": 3
        default: 2
        }
    }

    /// The amount as a plain decimal string without grouping, e.g. `1234.50`.
    public var decimalString: String {
        let digits = Money.minorDigits(currency)
        let magnitude = minorUnits.magnitude
        guard digits > 0 else { return (minorUnits < 0 ? "-" : "") + String(magnitude) }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let fraction = String(magnitude % scale)
        let padded = String(repeating: "0", count: digits - fraction.count) + fraction
        return (minorUnits < 0 ? "-" : "") + "\(magnitude / scale).\(padded)"
    }

    /// `1234.50 EUR`.
    public var description: String { "\(decimalString) \(currency)" }

    /// True for a well-formed currency code (three upper-case ASCII letters).
    public static func isCurrencyCode(_ code: String) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}

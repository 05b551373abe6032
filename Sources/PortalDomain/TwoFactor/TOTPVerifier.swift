/// Checks a TOTP code (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) against the steps around now.
enum TOTPVerifier {
    /// Steps accepted on either side of the current one (RFC 6238 §5.2 allows for clock drift and
    /// the time it takes to type).
    static let window: Int64 = 1

    /// The time step whose code `code` is, within `window` steps of `seconds`; nil when none matches
    /// or the code is not 6 digits. Every candidate is compared in constant time, without an early exit.
    static func matchingStep(secret: String, code: String, at seconds: Int64, window: Int64 = window) -> Int64? {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let now = TOTPSecret.step(at: seconds)
        var matched: Int64?
        for step in (now - window)...(now + window) {
            guard let candidate = TOTPSecret.code(secret: secret, step: step) else { return nil }
            if Crypto.constantTimeEquals(Array(candidate.utf8), Array(code.utf8)) { matched = step }
        }
        return matched
    }

    /// The code as typed, without spaces and dashes (`123 456` → `123456`).
    static func normalize(_ code: String) -> String {
        String(code.unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "\t" }.map(Character.init))
    }
}

/// TOTP shared secrets (RFC 6238 / RFC 4226) and codes.
///
/// A secret is 20 random bytes (160 bits, RFC 4226 §4's recommendation), shown to people in base32.
/// At rest it is sealed with AES-256-GCM under the data directory's key (`UserService.setTOTP`).
public enum TOTPSecret {
    /// A new random secret, base32 without padding (what authenticator apps take).
    public static func generate() -> String { ByteEncoding.base32(Crypto.randomBytes(20)) }

    /// The 6-digit code for `secret` (base32) at time step `step` (`unixSeconds / 30`), HMAC-SHA-1
    /// with RFC 4226 dynamic truncation; nil for a malformed secret.
    public static func code(secret: String, step: Int64, digits: Int = 6) -> String? {
        guard let key = ByteEncoding.fromBase32(secret), !key.isEmpty else { return nil }
        var counter = [UInt8](repeating: 0, count: 8)
        var value = UInt64(bitPattern: step)
        for index in stride(from: 7, through: 0, by: -1) {
            counter[index] = UInt8(value & 0xff)
            value >>= 8
        }
        let mac = Crypto.hmac(.sha1, key: key, data: counter)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(binary % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The time step of Unix second `seconds` (30-second steps).
    public static func step(at seconds: Int64) -> Int64 { seconds / 30 }
}

/// A TOTP enrolment in progress: what the enrolment page shows.
public struct TOTPEnrolment: Sendable, Equatable {
    /// The secret in base32, for typing into an authenticator app.
    public let secret: String
    /// The account label (the user's e-mail).
    public let account: String

    /// The `otpauth://` URI the QR code carries (Key URI Format: issuer `Owner Portal`).
    public var uri: String {
        let label = TOTPEnrolment.escape("Owner Portal:" + account)
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=Owner%20Portal"
    }

    /// Percent-encodes everything but unreserved characters, `@` and the label's `:`.
    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"), UInt8(ascii: ":"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }
}

/// The result of a confirmed enrolment.
public struct EnrolmentResult: Sendable {
    /// The session's new token (enrolling changes what the session may do).
    public let token: String
    /// The 10 recovery codes, shown once.
    public let recoveryCodes: [String]
}

/// A user's second-factor settings as the account page shows them.
public struct TwoFactorStatus: Sendable, Equatable {
    /// TOTP is enrolled and required at sign-in.
    public let enabled: Bool
    /// An enrolment was started and not confirmed yet.
    public let pending: Bool
    /// Unused recovery codes.
    public let recoveryCodesLeft: Int
    /// The role must keep two-factor sign-in (owner staff): it cannot be disabled.
    public let required: Bool
}

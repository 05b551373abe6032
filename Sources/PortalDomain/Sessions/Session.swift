/// What a session still lacks before it may use the portal.
public enum SessionState: String, Sendable, Equatable, CaseIterable, SQLBindable {
    /// The password was right; a TOTP or recovery code must follow (only `/login/2fa`, `/logout`).
    case awaitingSecondFactor = "awaiting_second_factor"
    /// A one-time or reset password must be changed first (only the password form, `/logout`).
    case passwordChangeRequired = "password_change_required"
    /// Owner staff without TOTP must enrol before any owner page.
    case enrolmentRequired = "enrolment_required"
    /// Signed in.
    case full

    /// The state of a session for `user` once the second factor is no longer pending.
    public static func after(user: User) -> SessionState {
        if user.mustChangePassword { return .passwordChangeRequired }
        if user.role.isOwnerStaff && !user.totpEnabled { return .enrolmentRequired }
        return .full
    }

    /// The state right after the password was verified.
    public static func afterPassword(user: User) -> SessionState {
        user.totpEnabled ? .awaitingSecondFactor : after(user: user)
    }
}

/// One server-side session as stored (the token itself is never stored).
public struct SessionRecord: Sendable, Equatable {
    /// The row id (pages and revocation use it; it is not a credential).
    public let id: Int64
    /// The signed-in user.
    public let userID: Int64
    /// What the session still lacks.
    public let state: SessionState
    /// Sign-in time (UTC seconds).
    public let createdAt: Int64
    /// Last request seen (written at most once per `touchInterval`).
    public let lastSeenAt: Int64
    /// The session ends if unused until then.
    public let idleExpiresAt: Int64
    /// The session ends then whatever its use.
    public let absoluteExpiresAt: Int64
    /// The client's address at the last recorded request.
    public let ip: String
    /// The client's `User-Agent`.
    public let userAgent: String
    /// The browser label derived from it (`Chrome 124 on Linux`).
    public let browser: String
    /// When the second factor was last verified in this session (sign-in or step-up), nil if never.
    public let secondFactorAt: Int64?
    /// When the token was last replaced.
    public let rotatedAt: Int64?
    /// When it was revoked, nil while live.
    public let revokedAt: Int64?

    /// The earlier of the two expiries.
    public var expiresAt: Int64 { min(idleExpiresAt, absoluteExpiresAt) }

    /// True when the session is usable at `now`.
    public func isLive(at now: Int64) -> Bool { revokedAt == nil && now < expiresAt }
}

/// A live session resolved from its cookie, with what every request needs about its user.
public struct ActiveSession: Sendable {
    /// The session.
    public let record: SessionRecord
    /// The signed-in user.
    public let user: User
    /// What the session still lacks, derived again from the user (a password reset or a 2FA change
    /// made elsewhere takes effect at the next request).
    public let state: SessionState
    /// The user's effective IANA time zone (their choice, else the tenant's, else UTC).
    public let timeZone: String
    /// The per-session CSRF token every form must carry (stable across token rotation).
    public let csrfToken: String
}

/// The cookie token: 32 bytes from OpenSSL's RAND_bytes, base64url without padding.
enum SessionToken {
    /// A new random token.
    static func generate() -> (token: String, hash: [UInt8]) {
        let bytes = Crypto.randomBytes(32)
        return (ByteEncoding.base64URL(bytes), Crypto.sha256(bytes))
    }

    /// The stored hash of `token`; nil when it cannot be one of ours (no database lookup then). Only
    /// the canonical encoding is accepted: the last character carries 2 unused bits, and a token must
    /// have exactly one spelling.
    static func hash(_ token: String) -> [UInt8]? {
        guard token.utf8.count == 43, let bytes = ByteEncoding.fromBase64URL(token), bytes.count == 32,
            ByteEncoding.base64URL(bytes) == token
        else { return nil }
        return Crypto.sha256(bytes)
    }
}

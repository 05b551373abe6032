/// The answer to a password or code check: the value it unlocks, or a refusal that says no more
/// than the page may show.
public enum AuthOutcome<Value: Sendable>: Sendable {
    /// Accepted.
    case success(Value)
    /// Refused; nothing but the attempt (and, for real failures, an audit entry) was recorded.
    case refused(AuthRefusal)

    /// The value, nil when refused.
    public var value: Value? {
        if case .success(let value) = self { value } else { nil }
    }

    /// The refusal, nil on success.
    public var refusal: AuthRefusal? {
        if case .refused(let refusal) = self { refusal } else { nil }
    }
}

/// Why a sign-in, code or password check was refused. Deliberately coarse: an unknown account, a
/// wrong password and a disabled account are all `invalid`.
public enum AuthRefusal: Sendable, Equatable {
    /// The credentials (or the code) did not match: the one generic error.
    case invalid
    /// Too many attempts: try again after `retryAfter` seconds (unknown accounts are throttled alike).
    case throttled(retryAfter: Int64)
    /// Too many password checks are running right now; try again shortly.
    case busy
}

/// A session handed to the browser: the cookie's token (shown once, never stored) and the session.
public struct SessionGrant: Sendable {
    /// The new cookie value (43 base64url characters, 256 random bits).
    public let token: String
    /// The session as stored.
    public let session: SessionRecord
    /// The signed-in user.
    public let user: User
}

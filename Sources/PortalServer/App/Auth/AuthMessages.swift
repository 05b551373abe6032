import PortalDomain

/// The words of the sign-in pages: one generic error, throttling and busy notices.
enum AuthMessages {
    /// The one sign-in error: it never says whether the account exists.
    static let signInFailed = "That e-mail address and password do not match an account that can sign in."
    /// A wrong second-factor or step-up code.
    static let codeFailed = "That code is not right. Use the current 6-digit code from your authenticator app."
    /// The password checks are saturated.
    static let busy = "The server is busy checking passwords. Try again in a moment."

    /// "Too many attempts. Try again in 4 minutes."
    static func throttled(_ seconds: Int64) -> String {
        let wait = seconds < 60 ? "\(seconds) second\(seconds == 1 ? "" : "s")" : "\((seconds + 59) / 60) minutes"
        return "Too many attempts. Try again in \(wait)."
    }

    /// The message for a refused code.
    static func codeRefusal(_ refusal: AuthRefusal) -> String {
        switch refusal {
        case .invalid: codeFailed
        case .throttled(let seconds): throttled(seconds)
        case .busy: busy
        }
    }

    /// The status of a page re-rendered after a refusal: 401, 429 or 503.
    static func status(_ refusal: AuthRefusal) -> HTTPStatus {
        switch refusal {
        case .invalid: .unauthorized
        case .throttled: .tooManyRequests
        case .busy: .serviceUnavailable
        }
    }

    /// `Retry-After` for a refusal, nil for `.invalid`.
    static func retryAfter(_ refusal: AuthRefusal) -> String? {
        switch refusal {
        case .invalid: nil
        case .throttled(let seconds): String(seconds)
        case .busy: "5"
        }
    }
}

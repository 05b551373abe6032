import PortalDomain

/// The session cookie `__Host-portal` and the sign-in form's pre-session cookie `__Host-portal-pre`.
///
/// `__Host-` names make browsers insist on `Secure`, `Path=/` and no `Domain`, so no sibling host can
/// plant or read them; both are also `HttpOnly` and `SameSite=Lax`. Every handler that gets a new token
/// from the domain (sign-in, second factor, password change, enrolment, impersonation start, stop and
/// elevation) sets it with `set(_:on:)`.
enum SessionCookie {
    /// The session token's cookie.
    static let name = "__Host-portal"
    /// The anonymous pre-session's cookie (a random nonce; the form token is its HMAC).
    static let preName = "__Host-portal-pre"
    /// Lifetime of the pre-session cookie, in seconds.
    static let preLifetime = 43_200

    /// Sets the session cookie to `token`, living as long as a session can (`absoluteLifetime`), and
    /// drops the pre-session cookie, which is no longer needed.
    static func set(_ token: String, on response: inout HTTPResponse, lifetime: Int64) {
        response.setCookie(name, token, maxAge: Int(lifetime), sameSite: .lax)
        response.setCookie(preName, "", maxAge: 0, sameSite: .lax)
    }

    /// Deletes the session cookie.
    static func clear(on response: inout HTTPResponse) {
        response.setCookie(name, "", maxAge: 0, sameSite: .lax)
    }

    /// A new pre-session nonce.
    static func newPreSession() -> String { ByteEncoding.base64URL(Crypto.randomBytes(18)) }

    /// The form token of a pre-session nonce; nil for a malformed nonce.
    static func preSessionToken(_ nonce: String, keyring: SecretKeyring) -> String? {
        guard nonce.utf8.count == 24, let bytes = ByteEncoding.fromBase64URL(nonce), bytes.count == 18 else { return nil }
        return ByteEncoding.base64URL(keyring.mac(bytes, purpose: "csrf-pre-session"))
    }
}

extension ClientInfo {
    /// The client of a request: peer address, `User-Agent`, request id.
    init(_ request: HTTPRequest, _ context: RequestContext) {
        self.init(
            ip: request.remoteAddress, userAgent: request.headers[HTTPHeaderName("User-Agent")] ?? "",
            requestID: context.requestID)
    }
}

import PortalDomain

/// A one-time message shown on the next page (after a redirect): "Tenant suspended."
struct FlashMessage: Sendable, Equatable {
    /// How it looks.
    enum Kind: String, Sendable {
        case success, info, warning, error
    }

    /// Its kind.
    let kind: Kind
    /// The text (escaped when rendered).
    let message: String
}

/// Carries flash messages across one redirect in a signed cookie, so no session write is needed.
///
/// The cookie holds `kind:base64url(message)` entries and an HMAC under the data directory's key; a cookie
/// that does not verify is ignored. The page that shows the messages deletes the cookie.
struct FlashCookie: Sendable {
    /// The cookie's name (`__Host-` prefix: Secure, Path=/, no Domain).
    static let name = "__Host-flash"
    /// The keyring that signs it.
    let keyring: SecretKeyring

    /// The cookie value carrying `messages`.
    func encode(_ messages: [FlashMessage]) -> String {
        let body = messages.map { "\($0.kind.rawValue):\(ByteEncoding.base64URL(Array($0.message.utf8)))" }
            .joined(separator: ".")
        return body + "~" + ByteEncoding.base64URL(Array(keyring.mac(Array(body.utf8), purpose: "flash").prefix(16)))
    }

    /// The messages in a cookie value; empty when it is malformed or its signature does not verify.
    func decode(_ value: String) -> [FlashMessage] {
        guard let tilde = value.lastIndex(of: "~") else { return [] }
        let body = String(value[..<tilde])
        guard let mac = ByteEncoding.fromBase64URL(String(value[value.index(after: tilde)...])),
            Crypto.constantTimeEquals(mac, Array(keyring.mac(Array(body.utf8), purpose: "flash").prefix(16)))
        else { return [] }
        return body.split(separator: ".").compactMap { (entry: Substring) -> FlashMessage? in
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let kind = FlashMessage.Kind(rawValue: String(parts[0])),
                let bytes = ByteEncoding.fromBase64URL(String(parts[1]))
            else { return nil }
            return FlashMessage(kind: kind, message: String(decoding: bytes, as: UTF8.self))
        }
    }
}

extension HTTPResponse {
    /// A 303 redirect to `location` that shows `message` on the page it lands on.
    static func redirect(to location: String, flash message: FlashMessage, using flash: FlashCookie) -> HTTPResponse {
        var response = HTTPResponse.redirect(to: location)
        response.setCookie(FlashCookie.name, flash.encode([message]), maxAge: 60)
        return response
    }
}

extension HTTPResponse {
    /// An HTML page (`text/html; charset=utf-8`).
    static func html(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: Array(text.utf8))
    }

    /// Plain text (`text/plain; charset=utf-8`).
    static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// JSON bytes (`application/json`), already encoded by the caller.
    static func json(_ bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: [.contentType: "application/json"], body: bytes)
    }

    /// A redirect to `location` (a path or absolute URL); 303 by default, the right answer after a POST.
    static func redirect(to location: String, status: HTTPStatus = .seeOther) -> HTTPResponse {
        precondition((300...399).contains(status.code), "redirect with non-3xx status \(status)")
        return HTTPResponse(status: status, headers: [.location: location])
    }

    /// `SameSite` attribute values (RFC 6265bis §4.1.2.7).
    enum SameSite: String, Sendable {
        case strict = "Strict"
        case lax = "Lax"
        case none = "None"
    }

    /// Appends a `Set-Cookie` field (RFC 6265 §4.1). `maxAge` 0 deletes the cookie. Secure and HttpOnly
    /// default on; a name or value with characters a cookie cannot carry is a programmer error.
    mutating func setCookie(
        _ name: String, _ value: String, path: String = "/", maxAge: Int? = nil, sameSite: SameSite = .lax,
        secure: Bool = true, httpOnly: Bool = true
    ) {
        precondition(!name.isEmpty && name.utf8.allSatisfy(HTTPRequestParser.isTokenByte), "invalid cookie name \(name)")
        precondition(value.utf8.allSatisfy(HTTPResponse.isCookieOctet), "invalid cookie value for \(name)")
        var text = "\(name)=\(value); Path=\(path)"
        if let maxAge { text += "; Max-Age=\(max(0, maxAge))" }
        if secure { text += "; Secure" }
        if httpOnly { text += "; HttpOnly" }
        text += "; SameSite=\(sameSite.rawValue)"
        headers.add(.setCookie, text)
    }

    /// cookie-octet (RFC 6265 §4.1.1): visible ASCII except `"`, `,`, `;` and `\`.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte) || (0x3C...0x5B).contains(byte)
            || (0x5D...0x7E).contains(byte)
    }
}

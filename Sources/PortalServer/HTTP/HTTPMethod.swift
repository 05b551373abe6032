/// A request method (RFC 9110 §9). Methods are case-sensitive, so equality is exact.
struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token as sent, e.g. `GET`.
    let rawValue: String

    /// Wraps a method token.
    init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps a method token.
    init(_ rawValue: String) { self.rawValue = rawValue }

    var description: String { rawValue }

    /// `GET`.
    static let get = HTTPMethod("GET")
    /// `HEAD`.
    static let head = HTTPMethod("HEAD")
    /// `POST`.
    static let post = HTTPMethod("POST")
    /// `PUT`.
    static let put = HTTPMethod("PUT")
    /// `PATCH`.
    static let patch = HTTPMethod("PATCH")
    /// `DELETE`.
    static let delete = HTTPMethod("DELETE")
    /// `OPTIONS`.
    static let options = HTTPMethod("OPTIONS")

    /// The methods this server implements; any other token is answered with 501 (RFC 9110 §9.1).
    static let implemented: Set<HTTPMethod> = [.get, .head, .post, .put, .patch, .delete, .options]

    /// Safe methods (RFC 9110 §9.2.1): the App layer's CSRF check skips these.
    var isSafe: Bool { self == .get || self == .head || self == .options }
}

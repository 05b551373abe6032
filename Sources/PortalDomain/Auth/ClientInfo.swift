/// Where an authentication request comes from: what the audit entry, the session list and the
/// per-address throttle need.
public struct ClientInfo: Sendable, Equatable {
    /// The peer's IP address.
    public let ip: String
    /// The `User-Agent` header, cut to 512 bytes.
    public let userAgent: String
    /// The HTTP request id.
    public let requestID: String?

    /// Client details; the user agent is cut to a sane length.
    public init(ip: String, userAgent: String, requestID: String? = nil) {
        self.ip = String(ip.prefix(64))
        self.userAgent = String(decoding: Array(userAgent.utf8.prefix(512)), as: UTF8.self)
        self.requestID = requestID
    }

    /// The browser label shown in the session list and audited (`Firefox 125 on Linux`).
    public var browser: String { BrowserLabel.label(userAgent) }

    /// The anonymous actor for audit entries written before anyone is signed in.
    var anonymousActor: ActingUser { .anonymous(requestID: requestID, ip: ip) }

    /// `user` as the actor of an entry about their own sign-in.
    func actor(_ user: User) -> ActingUser {
        ActingUser(userID: user.id, role: user.role, tenantID: user.tenantID, requestID: requestID, ip: ip)
    }
}

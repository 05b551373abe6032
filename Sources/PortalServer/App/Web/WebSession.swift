import PortalDomain

/// A person as pages show them and as the domain sees them acting.
struct Viewer: Sendable, Equatable {
    /// The user's id.
    let userID: Int64
    /// The user's role.
    let role: Role
    /// The user's tenant (tenant roles only).
    let tenantID: Int64?
    /// Display name.
    let name: String
    /// Sign-in e-mail.
    let email: String
    /// IANA time zone the viewer reads times in (staff: their account setting; tenant users: the tenant's).
    let timeZone: String
}

/// A running impersonation, as the banner and the guards see it.
struct ImpersonationState: Sendable, Equatable {
    /// The impersonation's id (its provider-access log row).
    let id: Int64
    /// The support agent or owner admin doing it.
    let staff: Viewer
    /// The impersonated tenant's name.
    let tenantName: String
    /// True once the agent elevated it to write mode (fresh TOTP code and a reason).
    let writeMode: Bool
    /// When it ends on its own (UTC Unix seconds).
    let expiresAt: Int64
}

/// The signed-in session attached to a request by the session middleware.
///
/// `user` is who signed in. While an impersonation runs, `effective` is the impersonated tenant user and
/// `user` the staff member behind it; every page and domain call uses `effective`, and `acting` records both.
struct WebSession: Sendable {
    /// The session's row id (never the token).
    let id: Int64
    /// Who signed in.
    let user: Viewer
    /// The running impersonation, if any.
    let impersonation: ImpersonationState?
    /// The impersonated user while impersonating.
    let impersonatedUser: Viewer?
    /// The per-session CSRF token that every form carries as `_csrf`.
    let csrfToken: String
    /// When the second factor was last checked in this session (UTC Unix seconds), nil if never.
    let secondFactorAt: Int64?

    /// The user pages are rendered for and domain calls act as.
    var effective: Viewer { impersonatedUser ?? user }

    /// The domain actor for this request: the effective user, with the staff member behind an impersonation.
    func acting(_ context: RequestContext) -> ActingUser {
        let viewer = effective
        return ActingUser(
            userID: viewer.userID, role: viewer.role, tenantID: viewer.tenantID,
            impersonatorUserID: impersonatedUser == nil ? nil : user.userID, requestID: context.requestID,
            ip: context.remoteAddress)
    }
}

/// Where the session middleware stores the request's `WebSession`.
enum WebSessionKey: RequestContextKey {
    typealias Value = WebSession
}

extension RequestContext {
    /// The signed-in session, nil for anonymous requests.
    var session: WebSession? {
        get { self[WebSessionKey.self] }
        set { self[WebSessionKey.self] = newValue }
    }

    /// The domain actor of the signed-in session; a programmer error on a route that is not signed-in only.
    var acting: ActingUser {
        guard let session else { preconditionFailure("acting on an anonymous request: the route's policy is wrong") }
        return session.acting(self)
    }
}

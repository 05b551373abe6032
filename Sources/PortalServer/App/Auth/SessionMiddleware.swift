import PortalDomain

/// What the session still lacks, next to `context.session` (the access middleware gates on it).
enum SessionStateKey: RequestContextKey {
    typealias Value = SessionState
}

/// The anonymous pre-session of a request: its nonce and form token (for the sign-in form's CSRF).
struct PreSession: Sendable, Equatable {
    /// The cookie's nonce.
    let nonce: String
    /// The token forms carry as `_csrf`.
    let token: String
}

/// Where the session middleware keeps the pre-session.
enum PreSessionKey: RequestContextKey {
    typealias Value = PreSession
}

/// Middleware 1 of the sign-in phase: resolves the `__Host-portal` cookie into `context.session` (a
/// `WebSession`, with the running impersonation of a staff session attached by `ImpersonationSession`) and `SessionStateKey`, clearing the cookie of an
/// expired or revoked session; anonymous requests get a pre-session (cookie `__Host-portal-pre`) whose
/// HMAC is the sign-in form's CSRF token.
///
/// Routes without a policy row (bench fixtures) and routes with `authentication: .none` or `.apiKey` are
/// passed through untouched: they may run on the event loop, which never waits for the database. A request
/// no route matches (404, 405: on the worker pool; not OPTIONS) gets its session resolved when it carries the cookie, so
/// the error page is in the visitor's layout and an impersonation's banner, expiry and audit apply to it;
/// it gets no pre-session.
struct SessionMiddleware: Middleware {
    /// The domain.
    let portal: Portal
    /// The policy row of a request (injectable for tests).
    var rules: @Sendable (HTTPRequest, RequestContext) -> RouteRule? = { RoutePolicyTable.rule(for: $0, context: $1) }

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        let rule = rules(request, context)
        // OPTIONS without a route is answered on the event loop: never look the session up for it.
        let unrouted = context.route == nil && request.method != .options
        guard rule?.authentication == .session || unrouted else { return next(request, &context) }
        let cookies = request.cookies
        var clearSession = false
        if let token = cookies[SessionCookie.name] {
            if let active = try portal.sessions.resolve(token: token, client: ClientInfo(request, context)) {
                context.session = try ImpersonationSession.attach(
                    SessionMiddleware.webSession(active), portal: portal, context: context)
                context[SessionStateKey.self] = active.state
            } else {
                clearSession = true
            }
        }
        var newPreSession: String?
        if context.session == nil && !unrouted {
            if let nonce = cookies[SessionCookie.preName],
                let token = SessionCookie.preSessionToken(nonce, keyring: portal.keyring)
            {
                context[PreSessionKey.self] = PreSession(nonce: nonce, token: token)
            } else if request.method == .get || request.method == .head {
                let nonce = SessionCookie.newPreSession()
                if let token = SessionCookie.preSessionToken(nonce, keyring: portal.keyring) {
                    context[PreSessionKey.self] = PreSession(nonce: nonce, token: token)
                    newPreSession = nonce
                }
            }
        }
        var response = next(request, &context)
        if clearSession && !response.headers.values(for: .setCookie).contains(where: { $0.hasPrefix(SessionCookie.name + "=") }) {
            SessionCookie.clear(on: &response)
        }
        if let newPreSession {
            response.setCookie(SessionCookie.preName, newPreSession, maxAge: SessionCookie.preLifetime, sameSite: .lax)
        }
        return response
    }

    /// The `WebSession` pages and middleware see for a resolved session.
    static func webSession(_ active: ActiveSession) -> WebSession {
        let user = active.user
        let viewer = Viewer(
            userID: user.id, role: user.role, tenantID: user.tenantID, name: user.displayName, email: user.email,
            timeZone: active.timeZone)
        return WebSession(
            id: active.record.id, user: viewer, impersonation: nil, impersonatedUser: nil, csrfToken: active.csrfToken,
            secondFactorAt: active.record.secondFactorAt)
    }
}

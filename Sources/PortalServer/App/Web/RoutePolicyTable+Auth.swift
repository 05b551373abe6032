extension RoutePolicyTable {
    /// The sign-in phase's rows (issue 5).
    static let auth: [RouteRule] = signIn

    /// Sign-in, second factor, sign-out and the account pages. Account security changes are refused
    /// while impersonating.
    static let signIn: [RouteRule] = [
        RouteRule(method: .get, pattern: "/login", access: .public),
        RouteRule(method: .post, pattern: "/login", access: .public),
        RouteRule(method: .get, pattern: "/login/2fa", access: .signedIn),
        RouteRule(method: .post, pattern: "/login/2fa", access: .signedIn),
        RouteRule(method: .post, pattern: "/logout", access: .signedIn),
        RouteRule(method: .get, pattern: "/account", access: .signedIn),
        RouteRule(method: .post, pattern: "/account", access: .signedIn, refusedWhileImpersonating: true),
        RouteRule(method: .get, pattern: "/account/2fa", access: .signedIn, refusedWhileImpersonating: true),
        RouteRule(method: .post, pattern: "/account/2fa", access: .signedIn, refusedWhileImpersonating: true),
        RouteRule(method: .get, pattern: "/account/sessions", access: .signedIn, refusedWhileImpersonating: true),
        RouteRule(method: .post, pattern: "/account/sessions", access: .signedIn, refusedWhileImpersonating: true),
    ]
}

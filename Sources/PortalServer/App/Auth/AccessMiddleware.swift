import PortalDomain

/// Middleware 3: the route's policy against the signed-in session.
///
/// - anonymous on a non-public page: 303 to `/login?next=<path>` (GET/HEAD; other methods without `next`);
/// - a session that has not finished signing in may use only its state's routes (awaiting the second
///   factor: `/login/2fa` and `/logout`; password change required: `/account` and `/logout`; owner staff
///   without TOTP: `/account/2fa`, `/account` and `/logout`), and is sent to its state's page otherwise;
/// - a role outside the route's access: 403 (counted in `HTTPMetrics` and written to the access log, not
///   the audit log, which an attacker must not be able to flood).
///
/// The role checked is the effective one (the impersonated user's while impersonating). Public routes,
/// API-key routes (issue 7's middleware authenticates them) and routes without a policy row pass.
struct AccessMiddleware: Middleware {
    /// Renders the 403 page.
    let errors: ErrorPages
    /// The policy row of a request (injectable for tests).
    var rules: @Sendable (HTTPRequest, RequestContext) -> RouteRule? = { RoutePolicyTable.rule(for: $0, context: $1) }

    /// The routes a session in an unfinished state may use.
    static let allowed: [SessionState: Set<RouteKey>] = [
        .awaitingSecondFactor: [
            RouteKey(method: .get, pattern: "/login/2fa"), RouteKey(method: .post, pattern: "/login/2fa"),
            RouteKey(method: .post, pattern: "/logout"),
        ],
        .passwordChangeRequired: [
            RouteKey(method: .get, pattern: "/account"), RouteKey(method: .post, pattern: "/account"),
            RouteKey(method: .post, pattern: "/logout"),
        ],
        .enrolmentRequired: [
            RouteKey(method: .get, pattern: "/account/2fa"), RouteKey(method: .post, pattern: "/account/2fa"),
            RouteKey(method: .get, pattern: "/account"), RouteKey(method: .post, pattern: "/account"),
            RouteKey(method: .post, pattern: "/logout"),
        ],
    ]

    /// Where an unfinished session is sent.
    static func page(for state: SessionState) -> String {
        switch state {
        case .awaitingSecondFactor: "/login/2fa"
        case .passwordChangeRequired: "/account"
        case .enrolmentRequired: "/account/2fa"
        case .full: "/"
        }
    }

    /// The message of a role refusal (tests recognise the access layer's 403 by it).
    static func refusal(_ role: Role) -> String {
        "Your role (\(role.label)) does not give access to this page."
    }

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        guard let rule = rules(request, context), rule.authentication == .session, rule.access != .public else {
            return next(request, &context)
        }
        let isRead = request.method == .get || request.method == .head
        guard let session = context.session else {
            return .redirect(to: isRead ? AccessMiddleware.signInURL(next: request) : "/login")
        }
        let state = context[SessionStateKey.self] ?? .full
        if state != .full, AccessMiddleware.allowed[state]?.contains(rule.key) != true {
            if isRead { return .redirect(to: AccessMiddleware.page(for: state)) }
            return errors.render(
                .forbidden, message: "Finish signing in before doing this.", request: request, context: context)
        }
        guard rule.access.roles.contains(session.effective.role) else {
            return errors.render(
                .forbidden, message: AccessMiddleware.refusal(session.effective.role), request: request, context: context)
        }
        return next(request, &context)
    }

    /// `/login?next=<the request's path and query>` (no `next` when it would not be a safe local path).
    static func signInURL(next request: HTTPRequest) -> String {
        let target = request.rawQuery.isEmpty ? String(request.rawPath) : "\(request.rawPath)?\(request.rawQuery)"
        guard let local = LocalPath.validated(target) else { return "/login" }
        return "/login?next=" + URLQuery.encode(local)
    }
}

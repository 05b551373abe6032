import PortalDomain

/// The inner impersonation middleware, after the access policy: while impersonating, routes marked
/// `refusedWhileImpersonating` (password, two-factor, e-mail, API keys, GDPR actions, starting another
/// impersonation) are refused in any mode, and in read-only mode every unsafe request is refused with
/// 403 `E_PERMISSION` (the page says so; under `/api/` the envelope does), except stopping, elevating
/// and signing out, which always pass.
struct ImpersonationGuard: Middleware {
    /// Renders the refusals.
    let errors: ErrorPages

    /// Routes every impersonating session may use whatever its mode (signing out ends the impersonation).
    static let alwaysAllowed: Set<RouteKey> = [
        RouteKey(method: .post, pattern: "/impersonation/stop"),
        RouteKey(method: .post, pattern: "/logout"),
        RouteKey(method: .get, pattern: "/impersonation/elevate"),
        RouteKey(method: .post, pattern: "/impersonation/elevate"),
    ]

    /// The refusal of a write in read-only mode.
    static let readOnlyRefusal =
        "E_PERMISSION: this impersonation is read-only, so changes are refused. Use “Switch to write mode” in the banner (a fresh code from your authenticator app and a reason) if the ticket needs a change."

    /// The refusal of a route never available while impersonating.
    static let forbiddenRefusal =
        "E_PERMISSION: this is never allowed while impersonating (passwords, two-factor, e-mail, API keys, GDPR actions and another impersonation). Stop the impersonation first."

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        guard let impersonation = context.session?.impersonation,
            let rule = RoutePolicyTable.rule(for: request, context: context), !ImpersonationGuard.alwaysAllowed.contains(rule.key)
        else { return next(request, &context) }
        if rule.refusedWhileImpersonating {
            return errors.render(.forbidden, message: ImpersonationGuard.forbiddenRefusal, request: request, context: context)
        }
        if !request.method.isSafe && !impersonation.writeMode {
            return errors.render(.forbidden, message: ImpersonationGuard.readOnlyRefusal, request: request, context: context)
        }
        return next(request, &context)
    }
}

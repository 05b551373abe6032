import PortalDomain

/// The outer impersonation middleware, right after the session middleware: ends an impersonation whose
/// time ran out at the next request (the staff member lands on the studio's owner page with a flash and
/// a new session token), and records every other request made while impersonating in the audit log,
/// with both identities: one `impersonation.request` entry with the method, the route pattern and the
/// final status (never parameters or bodies: they may hold personal data).
///
/// It sits before CSRF and the access policy so that expiry wins over everything else and refusals
/// by later middleware are recorded too. Signing out stops a running impersonation, and signs out even
/// when the impersonation has just run out.
struct ImpersonationTracker: Middleware {
    /// The application.
    let web: WebApplication

    /// The route recorded for a request no route matched (a 404 or 405).
    static let unrouted = "(unrouted)"

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        guard let session = context.session, let impersonation = session.impersonation else { return next(request, &context) }
        let route = context.route ?? ImpersonationTracker.unrouted
        let portal = web.portal
        if portal.clock.seconds >= impersonation.expiresAt {
            let ended = try portal.impersonations.expire(impersonation.id)
            if request.method == .post, route == "/logout" {
                // Signing out still signs out: the staff member leaves as themselves.
                context.session = WebSession(
                    id: session.id, user: session.user, impersonation: nil, impersonatedUser: nil,
                    csrfToken: session.csrfToken, secondFactorAt: session.secondFactorAt)
                return next(request, &context)
            }
            let name = session.impersonatedUser?.name ?? "the user"
            var response = HTTPResponse.redirect(
                to: "/owner/tenants/\(ended.tenantID)",
                flash: FlashMessage(kind: .info, message: "Your impersonation of \(name) ended: its time ran out."),
                using: web.pages.flash)
            let token = try portal.sessions.rotate(session.id)
            SessionCookie.set(token, on: &response, lifetime: portal.auth.configuration.absoluteLifetime)
            return response
        }
        let actor = session.acting(context)
        let response = next(request, &context)
        do {
            try portal.impersonations.recordRequest(
                impersonation.id, method: request.method.rawValue, route: route, status: response.status.code, by: actor)
            // Signing out (accepted: a redirect) ends the impersonation with the session.
            if request.method == .post, route == "/logout", response.status == .seeOther {
                try portal.impersonations.stop(impersonation.id, by: actor)
            }
        } catch {
            printError("request_id=\(context.requestID) impersonation request not recorded: \(error)")
        }
        return response
    }
}

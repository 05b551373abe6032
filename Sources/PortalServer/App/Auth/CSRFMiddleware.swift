import PortalDomain

/// Middleware 2: every unsafe request (POST, PUT, PATCH, DELETE) on a session route must carry the
/// session's CSRF token (or, before sign-in, the pre-session's) as the `_csrf` form field or the
/// `X-CSRF-Token` header, compared in constant time, AND come from the portal's own origin (`Origin`,
/// or `Referer` when a browser sends no `Origin`). Anything else is refused with 403 before the handler
/// runs. Routes authenticated by API key (`RouteRule.authentication == .apiKey`) carry no cookies and
/// are exempt, as are routes without a policy row (nothing runs there).
///
/// It also puts the token forms must carry into `CSRFTokenKey` for the page renderer.
struct CSRFMiddleware: Middleware {
    /// Renders the 403 page.
    let errors: ErrorPages
    /// The policy row of a request (injectable for tests).
    var rules: @Sendable (HTTPRequest, RequestContext) -> RouteRule? = { RoutePolicyTable.rule(for: $0, context: $1) }

    /// The refusal when the token is missing or wrong.
    static let tokenRefusal = "This form has expired or did not come from this site. Reload the page and try again."
    /// The refusal when the request comes from another origin.
    static let originRefusal = "This request did not come from this site."

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        guard let rule = rules(request, context), rule.authentication == .session else { return next(request, &context) }
        let expected = context.session?.csrfToken ?? context[PreSessionKey.self]?.token
        if let expected { context[CSRFTokenKey.self] = expected }
        guard !request.method.isSafe else { return next(request, &context) }
        guard let expected, let sent = CSRFMiddleware.token(in: request),
            Crypto.constantTimeEquals(Array(sent.utf8), Array(expected.utf8))
        else {
            return errors.render(
                .forbidden, message: CSRFMiddleware.tokenRefusal, request: request, context: context)
        }
        guard CSRFMiddleware.isSameOrigin(request) else {
            return errors.render(
                .forbidden, message: CSRFMiddleware.originRefusal, request: request, context: context)
        }
        return next(request, &context)
    }

    /// The token a request carries: the `X-CSRF-Token` header, else the `_csrf` form field.
    static func token(in request: HTTPRequest) -> String? {
        if let header = request.headers[HTTPHeaderName("X-CSRF-Token")] { return header }
        return (try? request.formFields())?["_csrf"]
    }

    /// True when `Origin` (or, without it, `Referer`) names the origin the request was sent to
    /// (`https://` + `Host`). A request with neither is refused: every browser sends one of them on a
    /// form post, and `Referrer-Policy: same-origin` keeps `Referer` for our own pages.
    static func isSameOrigin(_ request: HTTPRequest) -> Bool {
        guard let host = request.headers[.host]?.lowercased(), !host.isEmpty else { return false }
        let own = "https://" + host
        if let origin = request.headers[HTTPHeaderName("Origin")] {
            return origin.lowercased() == own
        }
        if let referer = request.headers[HTTPHeaderName("Referer")]?.lowercased() {
            return referer == own || referer.hasPrefix(own + "/") || referer.hasPrefix(own + "?")
        }
        return false
    }
}

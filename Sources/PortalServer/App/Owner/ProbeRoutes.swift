import PortalDomain

/// `/readyz` (503 while the database probe fails) and `/metrics` (Prometheus text format 0.0.4, for signed-in
/// owner staff or a scraper holding the configured bearer token).
struct ProbeRoutes: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Registers both probes.
    func register(on routes: inout AppRouter) {
        let probes = self
        routes.get("/readyz") { _, _ in probes.ready() }
        routes.get("/metrics") { request, context in try probes.metrics(request, context) }
    }

    /// Ready when the database answers the probe query.
    func ready() -> HTTPResponse {
        let probe = web.portal.health.probe()
        var response = HTTPResponse.text(
            probe.ok ? "ready\n" : "not ready: database unavailable\n", status: probe.ok ? .ok : .serviceUnavailable)
        response.headers.add(.cacheControl, "no-store")
        return response
    }

    /// The metrics, after checking who asks: owner staff by session, or the bearer token (compared in constant
    /// time). Anonymous without a valid token: 401 with a `WWW-Authenticate` challenge; other signed-in users: 403.
    func metrics(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let byToken = ProbeRoutes.bearerMatches(request, token: web.configuration.metricsToken)
        if !byToken {
            guard let session = context.session else {
                var response = HTTPResponse.text(
                    "sign in as owner staff or send the metrics bearer token\n", status: .unauthorized)
                response.headers.add(HTTPHeaderName("WWW-Authenticate"), "Bearer realm=\"metrics\"")
                return response
            }
            guard session.effective.role.can(.readPlatform) else {
                throw DomainError.notPermitted("Only owner staff may read the metrics.")
            }
        }
        let actor = byToken || context.session == nil ? ActingUser.system("metrics") : context.acting
        let text = try MetricsExposition(web: web).render(actor: actor)
        var response = HTTPResponse(
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: Array(text.utf8))
        response.headers.add(.cacheControl, "no-store")
        return response
    }

    /// True when a token is configured and the request's `Authorization: Bearer` matches it.
    static func bearerMatches(_ request: HTTPRequest, token: String?) -> Bool {
        guard let token, !token.isEmpty, let header = request.headers[HTTPHeaderName("Authorization")] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let offered = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.utf8)
        return Crypto.constantTimeEquals(Crypto.sha256(offered), Crypto.sha256(expected))
    }
}

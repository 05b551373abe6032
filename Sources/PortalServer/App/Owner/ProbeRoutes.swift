import PortalDomain

/// `/readyz` (503 while the database probe fails) and `/metrics` (Prometheus text format 0.0.4, for signed-in
/// owner staff or a scraper holding the configured bearer token; 401 for anyone else).
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
    /// time). Anyone else (anonymous, tenant users, a wrong token) gets 401 with a `Bearer` challenge: the route
    /// is public to the access layer, so a scraper without a session reaches it, and the answer is the same
    /// whoever is refused.
    func metrics(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let byToken = ProbeRoutes.bearerMatches(request, token: web.configuration.metricsToken)
        let staff = context.session.map { $0.effective.role.can(.readPlatform) } ?? false
        guard byToken || staff else {
            var response = HTTPResponse.text(
                "sign in as owner staff or send the metrics bearer token\n", status: .unauthorized)
            response.headers.add(HTTPHeaderName("WWW-Authenticate"), "Bearer realm=\"metrics\"")
            response.headers.add(.cacheControl, "no-store")
            return response
        }
        let actor = staff ? context.acting : ActingUser.system("metrics")
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

extension RoutePolicyTable {
    /// The JSON API (`/api/v1`): authenticated by API key (`Authorization: Bearer`), never by the session
    /// cookie, so no CSRF token. The HTTP policy is public; `APIGate` refuses a request without a working
    /// key (401) or without the route's scope (403) before the handler runs.
    static let api: [RouteRule] = [
        RouteRule(method: .get, pattern: "/api/v1/clients", access: .public, authentication: .apiKey),
        RouteRule(method: .post, pattern: "/api/v1/clients", access: .public, authentication: .apiKey),
        RouteRule(method: .get, pattern: "/api/v1/usage", access: .public, authentication: .apiKey),
        RouteRule(method: .get, pattern: "/api/v1/notifications", access: .public, authentication: .apiKey),
    ]
}

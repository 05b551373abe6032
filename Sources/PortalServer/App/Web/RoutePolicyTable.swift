/// The one policy table: every route of the portal with who may use it and how (issue 5: route → roles).
///
/// Each area lists its rows in a `RoutePolicyTable+Area.swift` extension; `all` joins them and `AppRouter`
/// refuses to register a route that has no row here, so a page cannot exist without a policy.
enum RoutePolicyTable {
    /// Every row, from every area.
    static let all: [RouteRule] = base + auth + owner + tenant + api

    /// The rows by route.
    static let byKey: [RouteKey: RouteRule] = {
        var table: [RouteKey: RouteRule] = [:]
        for rule in all {
            precondition(table[rule.key] == nil, "the policy table lists \(rule.key) twice")
            table[rule.key] = rule
        }
        return table
    }()

    /// The row for `method` and `pattern`, nil when the table has none.
    static func rule(_ method: HTTPMethod, _ pattern: String) -> RouteRule? {
        byKey[RouteKey(method: method, pattern: pattern)]
    }

    /// The row for the route a request matched (HEAD is answered by the GET route).
    static func rule(for request: HTTPRequest, context: RequestContext) -> RouteRule? {
        guard let pattern = context.route else { return nil }
        return rule(request.method == .head ? .get : request.method, pattern)
    }

    /// Routes that are not pages: probes and static files.
    static let base: [RouteRule] = [
        RouteRule(method: .get, pattern: "/static/*", access: .public, authentication: .none),
        RouteRule(method: .get, pattern: "/healthz", access: .public, authentication: .none),
        RouteRule(method: .get, pattern: "/", access: .public),
    ]
}

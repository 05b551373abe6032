import PortalDomain

/// A page handler: like `HTTPHandler`, but it may throw `DomainError`, which becomes the right error page.
typealias PageHandler = @Sendable (HTTPRequest, inout RequestContext) throws -> HTTPResponse

/// Registers the portal's routes on the HTTP router, taking each route's policy from `RoutePolicyTable`.
///
/// A route without a row in the table cannot be registered (a programmer error at start-up), and a row
/// without a route is caught by a test, so the table and the routes cannot drift apart.
struct AppRouter {
    /// The HTTP router being built.
    private(set) var router: Router
    /// Renders domain errors thrown by handlers.
    let errors: ErrorPages

    /// Wraps `router`.
    init(_ router: Router, errors: ErrorPages) {
        self.router = router
        self.errors = errors
    }

    /// Registers a GET route (HEAD is answered by it too).
    mutating func get(_ pattern: String, execution: RouteExecution = .worker, _ handler: @escaping PageHandler) {
        add(.get, pattern, execution: execution, handler)
    }

    /// Registers a POST route; `bodyLimit` overrides the 1 MiB default.
    mutating func post(_ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping PageHandler) {
        add(.post, pattern, bodyLimit: bodyLimit, handler)
    }

    /// Registers `handler` for `method` on `pattern` with the policy table's row for it.
    mutating func add(
        _ method: HTTPMethod, _ pattern: String, bodyLimit: Int? = nil, execution: RouteExecution = .worker,
        _ handler: @escaping PageHandler
    ) {
        guard let rule = RoutePolicyTable.rule(method, pattern) else {
            preconditionFailure("\(method) \(pattern) has no row in RoutePolicyTable")
        }
        let errors = self.errors
        router.add(method, pattern, policy: rule.access.policy, bodyLimit: bodyLimit, execution: execution) {
            request, context in
            do {
                return try handler(request, &context)
            } catch let error as DomainError {
                return errors.response(for: error, request: request, context: context)
            }
        }
    }
}

/// Collects routes and middleware, then freezes into an immutable `Responder` before the server runs.
///
/// Every route must name its `AccessPolicy`: the parameter has no default on purpose.
struct Router: Sendable {
    private(set) var routeList: [Route] = []
    private(set) var middlewares: [any Middleware] = []
    private let prefix: String

    /// An empty router.
    init() { prefix = "" }

    private init(prefix: String) { self.prefix = prefix }

    /// Registers `handler` for `method` on `pattern` (`/owner/tenants/{id}`, `/static/*`). Registering
    /// the same method and pattern twice is a programmer error.
    mutating func add(
        _ method: HTTPMethod, _ pattern: String, policy: AccessPolicy, bodyLimit: Int? = nil,
        execution: RouteExecution = .worker, handler: @escaping HTTPHandler
    ) {
        let full = Router.join(prefix, pattern)
        precondition(
            !routeList.contains { $0.method == method && $0.pattern == full }, "duplicate route \(method) \(full)")
        precondition(method != .head, "HEAD is served by the GET route of \(full)")
        routeList.append(
            Route(
                method: method, pattern: full, segments: Route.parse(full), policy: policy, bodyLimit: bodyLimit,
                execution: execution, handler: handler))
    }

    /// Registers the routes `build` adds under `prefix` (`/owner`).
    mutating func group(_ prefix: String, _ build: (inout Router) -> Void) {
        var group = Router(prefix: Router.join(self.prefix, prefix))
        build(&group)
        for route in group.routeList {
            precondition(
                !routeList.contains { $0.method == route.method && $0.pattern == route.pattern },
                "duplicate route \(route.method) \(route.pattern)")
            routeList.append(route)
        }
        precondition(group.middlewares.isEmpty, "middleware is added to the root router only")
    }

    /// Adds a middleware; the first added is the outermost.
    mutating func use(_ middleware: any Middleware) {
        middlewares.append(middleware)
    }

    /// Every registered route (method, pattern, policy), in registration order.
    var routes: [RouteInfo] {
        routeList.map { RouteInfo(method: $0.method, pattern: $0.pattern, policy: $0.policy) }
    }

    /// Freezes the routes and composes the middleware into a `Responder`.
    func freeze(
        limits: HTTPLimits = HTTPLimits(), errorRenderer: @escaping ErrorRenderer = Responder.plainErrorRenderer,
        errorLog: @escaping @Sendable (String) -> Void = { _ in }
    ) -> Responder {
        Responder(
            routes: routeList, middlewares: middlewares, limits: limits, errorRenderer: errorRenderer, errorLog: errorLog)
    }

    private static func join(_ prefix: String, _ pattern: String) -> String {
        if prefix.isEmpty { return pattern }
        if pattern == "/" || pattern.isEmpty { return prefix }
        return prefix + pattern
    }
}

/// Renders an error response: status, public message, and the request and context it answers.
typealias ErrorRenderer = @Sendable (HTTPStatus, String, HTTPRequest, RequestContext) -> HTTPResponse

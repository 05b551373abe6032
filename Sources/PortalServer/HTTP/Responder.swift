/// The frozen router: route lookup plus each route's pre-composed middleware chain. Immutable and shared
/// by every event loop and worker.
///
/// Built-in answers: 404 for an unknown path; 405 with `Allow` for a known path and another method;
/// HEAD runs the GET route (the server drops the body); OPTIONS without an explicit route is answered
/// 204 with `Allow`. These pass through the middleware chain too, so they get security headers,
/// the request id and an access-log line.
struct Responder: Sendable {
    /// The lookup result for a request head, known before its body is read.
    enum Resolution: Sendable {
        /// A route matched; `index` into the route table.
        case route(index: Int, parameters: RouteParameters)
        /// No route has this path.
        case notFound
        /// Routes exist for the path, not for the method.
        case methodNotAllowed(allow: String)
        /// OPTIONS on a known path without an explicit OPTIONS route.
        case options(allow: String)
    }

    /// A composed chain: middleware around a handler, errors already turned into responses.
    typealias Chain = @Sendable (HTTPRequest, inout RequestContext) -> HTTPResponse

    /// The routes in registration order.
    let routes: [Route]
    private let staticRoutes: [String: [HTTPMethod: Int]]
    private let chains: [Chain]
    private let builtinChain: Chain
    /// The parser limits (the default body limit comes from here).
    let limits: HTTPLimits
    /// Renders error responses (the App layer supplies its error page through this hook).
    let errorRenderer: ErrorRenderer

    /// Composes every route's chain; called by `Router.freeze`.
    init(
        routes: [Route], middlewares: [any Middleware], limits: HTTPLimits, errorRenderer: @escaping ErrorRenderer,
        errorLog: @escaping @Sendable (String) -> Void
    ) {
        self.routes = routes
        self.limits = limits
        self.errorRenderer = errorRenderer
        var table: [String: [HTTPMethod: Int]] = [:]
        for (index, route) in routes.enumerated() where route.isStatic {
            table[route.pattern, default: [:]][route.method] = index
        }
        staticRoutes = table
        chains = routes.map {
            Responder.compose(middlewares, handler: $0.handler, renderer: errorRenderer, errorLog: errorLog)
        }
        builtinChain = Responder.compose(
            middlewares,
            handler: { request, context in try Responder.builtin(request, context) },
            renderer: errorRenderer, errorLog: errorLog)
    }

    /// Finds what answers `method` on a path (`rawPath` as sent, `path` decoded).
    func resolve(method: HTTPMethod, rawPath: Substring, path: String) -> Resolution {
        let lookup = method == .head ? HTTPMethod.get : method
        let simple = !rawPath.utf8.contains(37)
        if simple, let methods = staticRoutes[path], let index = methods[lookup] {
            return .route(index: index, parameters: RouteParameters())
        }
        var segments: [String] = []
        if path != "/" && path != "*" {
            for part in rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                segments.append(HTTPRequestTarget.percentDecode(part) ?? "")
            }
        }
        var allowed: Set<HTTPMethod> = []
        for (index, route) in routes.enumerated() {
            if simple && route.isStatic && route.pattern != path { continue }
            guard let parameters = route.match(segments) else { continue }
            if route.method == lookup { return .route(index: index, parameters: parameters) }
            allowed.insert(route.method)
        }
        if path == "*" && method == .options { return .options(allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS") }
        guard !allowed.isEmpty else { return .notFound }
        if allowed.contains(.get) { allowed.insert(.head) }
        allowed.insert(.options)
        let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        return method == .options ? .options(allow: allow) : .methodNotAllowed(allow: allow)
    }

    /// The body limit for a resolution.
    func bodyLimit(for resolution: Resolution) -> Int {
        if case .route(let index, _) = resolution { return routes[index].bodyLimit ?? limits.maxBody }
        return limits.maxBody
    }

    /// Where the handler for a resolution runs. 404 and 405 run on the worker pool like pages: the
    /// middleware may read the session of a signed-in visitor (the error page is in their layout, with the
    /// impersonation banner); OPTIONS is answered inline.
    func execution(for resolution: Resolution) -> RouteExecution {
        switch resolution {
        case .route(let index, _): routes[index].execution
        case .notFound, .methodNotAllowed: .worker
        case .options: .inline
        }
    }

    /// Fills the routing fields of `context` for a resolution.
    func prepare(_ context: inout RequestContext, for resolution: Resolution) {
        if case .route(let index, let parameters) = resolution {
            context.route = routes[index].pattern
            context.parameters = parameters
            context.policy = routes[index].policy
        }
    }

    /// Runs the middleware chain and handler (or built-in answer) for a resolved request.
    func respond(to request: HTTPRequest, resolution: Resolution, context: inout RequestContext) -> HTTPResponse {
        switch resolution {
        case .route(let index, _):
            return chains[index](request, &context)
        case .notFound:
            context[BuiltinAnswer.self] = .notFound
        case .methodNotAllowed(let allow):
            context[BuiltinAnswer.self] = .methodNotAllowed(allow)
        case .options(let allow):
            context[BuiltinAnswer.self] = .options(allow)
        }
        return builtinChain(request, &context)
    }

    /// The error response for `status` outside any chain (parse errors, overload), rendered by the hook.
    func errorResponse(_ status: HTTPStatus, message: String, request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        errorRenderer(status, message, request, context)
    }

    /// The default error renderer: the status and message as plain text.
    static let plainErrorRenderer: ErrorRenderer = { status, message, _, _ in
        .text("\(status.code) \(message)\n", status: status)
    }

    // MARK: composition

    private enum BuiltinAnswer: RequestContextKey {
        typealias Value = Kind
        enum Kind: Sendable {
            case notFound
            case methodNotAllowed(String)
            case options(String)
        }
    }

    private static func builtin(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        switch context[BuiltinAnswer.self] {
        case .options(let allow):
            return HTTPResponse(status: .noContent, headers: [.allow: allow])
        case .methodNotAllowed(let allow):
            throw HTTPError(.methodNotAllowed, headers: [.allow: allow])
        case .notFound, nil:
            throw HTTPError(.notFound)
        }
    }

    private static func compose(
        _ middlewares: [any Middleware], handler: @escaping HTTPHandler, renderer: @escaping ErrorRenderer,
        errorLog: @escaping @Sendable (String) -> Void
    ) -> Chain {
        let convert: @Sendable (any Error, HTTPRequest, RequestContext) -> HTTPResponse = { error, request, context in
            if let error = error as? any HTTPResponseError {
                var response = renderer(error.status, error.message, request, context)
                for field in error.headers { response.headers.replace(field.name, with: field.value) }
                return response
            }
            errorLog("request_id=\(context.requestID) method=\(request.method) path=\(request.path) error=\(error)")
            return renderer(.internalServerError, "Internal Server Error", request, context)
        }
        var chain: Chain = { request, context in
            do { return try handler(request, &context) } catch { return convert(error, request, context) }
        }
        for middleware in middlewares.reversed() {
            let next = chain
            chain = { request, context in
                do {
                    return try middleware.handle(request, context: &context, next: next)
                } catch {
                    return convert(error, request, context)
                }
            }
        }
        return chain
    }
}

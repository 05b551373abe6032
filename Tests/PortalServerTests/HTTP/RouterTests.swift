import Testing

@testable import PortalServer

@Suite struct RouterTests {
    static func responder() -> Responder {
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(SecurityHeadersMiddleware())
        router.add(.get, "/", policy: .public) { _, _ in .text("home") }
        router.add(.get, "/owner/tenants/new", policy: .roles(["owner_admin"])) { _, _ in .text("new form") }
        router.group("/owner") { owner in
            owner.add(.get, "/tenants/{id}", policy: .roles(["owner_admin", "support"])) { _, context in
                .text("tenant \(try context.parameters.require("id", as: Int64.self)) \(context.route ?? "")")
            }
            owner.add(.post, "/tenants/{id}/suspend", policy: .roles(["owner_admin"])) { _, context in
                .text("suspended \(context.parameters["id"] ?? "")")
            }
        }
        router.add(.get, "/files/*", policy: .signedIn) { _, context in .text("file \(context.parameters["*"] ?? "")") }
        router.add(.delete, "/owner/tenants/{id}", policy: .roles(["owner_admin"])) { _, _ in .text("deleted") }
        return router.freeze()
    }

    private func respond(_ method: String, _ target: String, headers: [(String, String)] = []) throws -> (
        HTTPResponse, RequestContext
    ) {
        let responder = Self.responder()
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        let request = try HTTPRequest.mock("\(method) \(target) HTTP/1.1\r\nHost: a\r\n\(extra)\r\n")
        let resolution = responder.resolve(method: request.method, rawPath: request.rawPath, path: request.path)
        var context = RequestContext(remoteAddress: request.remoteAddress)
        responder.prepare(&context, for: resolution)
        let response = responder.respond(to: request, resolution: resolution, context: &context)
        return (response, context)
    }

    private func text(_ response: HTTPResponse) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func matchesStaticAndParameterRoutes() throws {
        #expect(text(try respond("GET", "/").0) == "home")
        #expect(text(try respond("GET", "/owner/tenants/new").0) == "new form")
        let (response, context) = try respond("GET", "/owner/tenants/42")
        #expect(text(response) == "tenant 42 /owner/tenants/{id}")
        #expect(context.policy == .roles(["owner_admin", "support"]))
        #expect(text(try respond("POST", "/owner/tenants/7/suspend").0) == "suspended 7")
        #expect(text(try respond("GET", "/files/a/b.css").0) == "file a/b.css")
        #expect(try respond("GET", "/owner/tenants/caf%C3%A9").0.status == .badRequest)
    }

    @Test func decodesParametersPerSegment() throws {
        let (response, _) = try respond("POST", "/owner/tenants/a%2Fb/suspend")
        #expect(text(response) == "suspended a/b")
    }

    @Test func invalidParameterIs400() throws {
        let (response, _) = try respond("GET", "/owner/tenants/abc")
        #expect(response.status == .badRequest)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test func unknownPathIs404WithSecurityHeadersAndRequestID() throws {
        let (response, context) = try respond("GET", "/nope")
        #expect(response.status == .notFound)
        #expect(response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains")
        #expect(response.headers[.requestID] == context.requestID)
        #expect(context.route == nil)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let (response, _) = try respond("PUT", "/owner/tenants/3")
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == "DELETE, GET, HEAD, OPTIONS")
    }

    @Test func optionsAnswers204WithAllow() throws {
        let (response, _) = try respond("OPTIONS", "/owner/tenants/3/suspend")
        #expect(response.status == .noContent)
        #expect(response.headers[.allow] == "OPTIONS, POST")
    }

    @Test func headUsesTheGetRoute() throws {
        let (response, context) = try respond("HEAD", "/")
        #expect(response.status == .ok)
        #expect(context.route == "/")
    }

    @Test func incomingRequestIDIsKeptOnlyWhenSane() throws {
        let (kept, _) = try respond("GET", "/", headers: [("X-Request-Id", "abc-123_x.y")])
        #expect(kept.headers[.requestID] == "abc-123_x.y")
        let (replaced, _) = try respond("GET", "/", headers: [("X-Request-Id", "bad id\"")])
        #expect(replaced.headers[.requestID] != "bad id\"")
        #expect(RequestIDMiddleware.isSane(replaced.headers[.requestID] ?? ""))
    }

    @Test func listsEveryRouteWithItsPolicy() {
        var router = Router()
        router.add(.get, "/a", policy: .public) { _, _ in .text("") }
        router.group("/g") { $0.add(.post, "/b/{id}", policy: .signedIn) { _, _ in .text("") } }
        #expect(
            router.routes == [
                RouteInfo(method: .get, pattern: "/a", policy: .public),
                RouteInfo(method: .post, pattern: "/g/b/{id}", policy: .signedIn),
            ])
    }

    @Test func middlewareSeesErrorsOfInnerMiddlewareAsResponses() throws {
        struct Deny: Middleware {
            func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
                throw HTTPError(.forbidden, "no")
            }
        }
        struct Flash: RequestContextKey { typealias Value = String }
        struct Tag: Middleware {
            func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
                context[Flash.self] = "set"
                var response = next(request, &context)
                response.headers.add("X-Seen", "\(response.status.code) \(context[Flash.self] ?? "")")
                return response
            }
        }
        var router = Router()
        router.use(Tag())
        router.use(Deny())
        router.add(.get, "/", policy: .public) { _, _ in .text("never") }
        let rendered: ErrorRenderer = { status, message, _, _ in .html("<h1>\(status.code) \(message)</h1>", status: status) }
        let responder = router.freeze(errorRenderer: rendered)
        let request = try HTTPRequest.get("/")
        let resolution = responder.resolve(method: .get, rawPath: "/", path: "/")
        var context = RequestContext()
        let response = responder.respond(to: request, resolution: resolution, context: &context)
        #expect(response.status == .forbidden)
        #expect(response.headers["X-Seen"] == "403 set")
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
    }

    @Test func unknownErrorsAre500WithDetailsOnlyInTheLog() throws {
        struct Secret: Error {}
        final class Captured: @unchecked Sendable { var lines: [String] = [] }
        let captured = Captured()
        var router = Router()
        router.use(RequestIDMiddleware())
        router.add(.get, "/", policy: .public) { _, _ in throw Secret() }
        let responder = router.freeze(errorLog: { captured.lines.append($0) })
        let request = try HTTPRequest.get("/")
        var context = RequestContext()
        let response = responder.respond(
            to: request, resolution: responder.resolve(method: .get, rawPath: "/", path: "/"), context: &context)
        #expect(response.status == .internalServerError)
        #expect(captured.lines.count == 1)
        #expect(captured.lines[0].contains("request_id=\(context.requestID)"))
        #expect(captured.lines[0].contains("Secret"))
    }
}

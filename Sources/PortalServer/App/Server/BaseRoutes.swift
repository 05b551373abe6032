/// The one place the application's routes, middleware and start-up work are assembled.
///
/// Later phases add their pages here (sign-in, owner and tenant pages, the App middleware that loads the
/// session and enforces each route's `AccessPolicy`), and pass their error-page renderer to `freeze`.
enum PortalApplication {
    /// The router for `configuration`: middleware, `/healthz`, `/static/*`, and the bench fixtures if asked.
    static func makeRouter(_ configuration: ServerConfiguration, accessLog: BufferedLogger?) throws -> Router {
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(SecurityHeadersMiddleware())
        if let accessLog { router.use(AccessLogMiddleware(logger: accessLog)) }

        router.add(.get, "/healthz", policy: .public, execution: .inline) { _, _ in .text("ok") }

        let staticFolder = configuration.benchFixtures.map { $0 + "/public/static" } ?? configuration.publicDirectory
        let files = StaticFileStore(folder: staticFolder, reloadChangedFiles: configuration.development)
        router.add(.get, "/static/*", policy: .public, execution: .inline, handler: files.handler(mountPoint: "/static/"))

        if let bench = configuration.benchFixtures { try BenchFixtures.register(on: &router, benchDirectory: bench) }
        return router
    }
}

import Foundation
import PortalDomain
import Views

/// The portal assembled once at start-up: the domain, the templates, the middleware and every route.
///
/// This is the one place areas plug in: `middleware(_:)` lists the App middleware in order and
/// `registerPages(_:on:)` calls each area's `register`. `serve` and the in-process test harness both
/// build the application here, so tests exercise exactly what runs.
struct PortalApplication: Sendable {
    /// What handlers use.
    let web: WebApplication
    /// The frozen router.
    let responder: Responder
    /// Every registered route (for the policy walk test).
    let routes: [RouteInfo]

    /// Opens the data directory's portal and builds everything; throws for a template that does not compile.
    static func make(
        _ configuration: ServerConfiguration, portal: Portal, accessLog: BufferedLogger?, status: ServerStatus,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) throws -> PortalApplication {
        let templates = try TemplateLibrary(
            directory: configuration.templatesDirectory, options: .init(reloading: configuration.development))
        let pages = PageRenderer(
            templates: templates, navigation: Navigation(portal: portal), flash: FlashCookie(keyring: portal.keyring),
            assetVersion: assetVersion(configuration.publicDirectory), now: clock)
        let errors = ErrorPages(pages: pages)
        let web = WebApplication(portal: portal, pages: pages, errors: errors, server: status, configuration: configuration)
        // `--impersonation off` ends every running impersonation at start-up (and starting one is refused).
        if !configuration.impersonationEnabled { try portal.impersonations.endAll() }

        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(SecurityHeadersMiddleware())
        if let accessLog { router.use(AccessLogMiddleware(logger: accessLog)) }
        for middleware in Self.middleware(web) { router.use(middleware) }

        var routes = AppRouter(router, errors: errors)
        let staticFolder = configuration.benchFixtures.map { $0 + "/public/static" } ?? configuration.publicDirectory
        let files = StaticFileStore(folder: staticFolder, reloadChangedFiles: configuration.development)
        routes.get("/static/*", execution: .inline, files.handler(mountPoint: "/static/"))
        routes.get("/healthz", execution: .inline) { _, _ in .text("ok") }
        routes.get("/") { _, context in
            guard let session = context.session else { return .redirect(to: "/login") }
            return .redirect(to: session.effective.role.isOwnerStaff ? "/owner" : "/app")
        }
        registerPages(web, on: &routes)

        var built = routes.router
        if let bench = configuration.benchFixtures { try BenchFixtures.register(on: &built, benchDirectory: bench) }
        let responder = built.freeze(
            limits: configuration.http.limits, errorRenderer: errors.renderer, errorLog: { printError($0) })
        return PortalApplication(web: web, responder: responder, routes: built.routes)
    }

    /// The App middleware, outermost first, after request id, security headers and the access log:
    /// session → impersonation tracker (expiry, per-request audit) → CSRF → access policy (sign-in, roles,
    /// second factor) → impersonation guard (read-only, refused routes) → tenant-status guard → step-up.
    static func middleware(_ web: WebApplication) -> [any Middleware] {
        [
            SessionMiddleware(portal: web.portal),
            ImpersonationTracker(web: web),
            CSRFMiddleware(errors: web.errors),
            AccessMiddleware(errors: web.errors),
            ImpersonationGuard(errors: web.errors),
            TenantStatusGuard(web: web),
            StepUpMiddleware(web: web),
        ]
    }

    /// Every area's pages.
    static func registerPages(_ web: WebApplication, on routes: inout AppRouter) {
        SignInPages.register(web, on: &routes)
        AccountPages.register(web, on: &routes)
        TwoFactorPages.register(web, on: &routes)
        SessionsPage.register(web, on: &routes)
        OwnerPages(web: web).register(on: &routes)
        TenantPages(web: web).register(on: &routes)
        ImpersonationPages(web: web).register(on: &routes)
        APIRoutes(web: web).register(on: &routes)
    }

    /// A short fingerprint of the stylesheet and script, appended to their URLs so browsers fetch a new build at once.
    static func assetVersion(_ publicDirectory: String) -> String {
        var bytes: [UInt8] = []
        for file in ["css/portal.css", "js/portal.js"] {
            if let data = FileManager.default.contents(atPath: publicDirectory + "/" + file) { bytes += Array(data) }
        }
        return String(ByteEncoding.hex(Crypto.sha256(bytes)).prefix(10))
    }
}

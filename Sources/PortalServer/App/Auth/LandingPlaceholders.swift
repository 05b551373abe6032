import PortalDomain

/// A placeholder landing page at `/app`, so that sign-in has somewhere to arrive before the tenant workspace
/// (issue 7) exists. Delete this file and the `landingPlaceholders` rows of `RoutePolicyTable+Auth.swift` when
/// it registers its own `/app` (the owner console, issue 6, registers `/owner`).
enum LandingPlaceholders {
    /// Registers GET /app.
    static func register(_ web: WebApplication, on routes: inout AppRouter) {
        routes.get("/app") { request, context in
            web.pages.render(
                "account/tenant/landing", title: "Your studio", content: ["name": .string(context.session?.effective.name ?? "")],
                request: request, context: context)
        }
    }
}

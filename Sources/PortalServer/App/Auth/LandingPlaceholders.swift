import PortalDomain

/// Placeholder landing pages at `/owner` and `/app`, so that sign-in has somewhere to arrive before the
/// owner console (issue 6) and the tenant workspace (issue 7) exist. Delete this file and the
/// `landingPlaceholders` rows of `RoutePolicyTable+Auth.swift` when those areas register their own
/// `/owner` and `/app`.
enum LandingPlaceholders {
    /// Registers GET /owner and GET /app.
    static func register(_ web: WebApplication, on routes: inout AppRouter) {
        routes.get("/owner") { request, context in
            web.pages.render(
                "account/owner/landing", title: "Owner console",
                content: ["name": .string(context.session?.effective.name ?? "")],
                request: request, context: context)
        }
        routes.get("/app") { request, context in
            web.pages.render(
                "account/tenant/landing", title: "Your studio", content: ["name": .string(context.session?.effective.name ?? "")],
                request: request, context: context)
        }
    }
}

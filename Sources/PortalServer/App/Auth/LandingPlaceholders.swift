import PortalDomain

/// A placeholder landing page at `/owner`, so that sign-in has somewhere to arrive before the owner
/// console (issue 6) exists. Delete this file and the `landingPlaceholders` rows of
/// `RoutePolicyTable+Auth.swift` when it registers its own `/owner` (the tenant workspace has its `/app`).
enum LandingPlaceholders {
    /// Registers GET /owner.
    static func register(_ web: WebApplication, on routes: inout AppRouter) {
        routes.get("/owner") { request, context in
            web.pages.render(
                "account/owner/landing", title: "Owner console",
                content: ["name": .string(context.session?.effective.name ?? "")],
                request: request, context: context)
        }
    }
}

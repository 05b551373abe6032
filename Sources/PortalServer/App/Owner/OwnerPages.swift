/// The owner console: every `/owner/*` page and the `/readyz` and `/metrics` probes.
///
/// `PortalApplication.registerPages` calls `register(on:)` once; each page area registers its own routes
/// (their access comes from `RoutePolicyTable+Owner.swift`).
struct OwnerPages: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Registers every owner route.
    func register(on routes: inout AppRouter) {
        OwnerDashboardPage(web: web).register(on: &routes)
        OwnerInvoicesPage(web: web).register(on: &routes)
        OwnerTenantsPages(web: web).register(on: &routes)
        OwnerPlansPages(web: web).register(on: &routes)
        OwnerUpgradesPages(web: web).register(on: &routes)
        OwnerBroadcastsPages(web: web).register(on: &routes)
        OwnerAuditPages(web: web).register(on: &routes)
        OwnerHealthPage(web: web).register(on: &routes)
        ProbeRoutes(web: web).register(on: &routes)
    }
}

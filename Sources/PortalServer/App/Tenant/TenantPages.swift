/// The tenant workspace under `/app`: every page area registers its routes here (policies in
/// `RoutePolicyTable+Tenant.swift`).
struct TenantPages {
    /// The application.
    let web: WebApplication

    /// Registers every `/app` page.
    func register(on routes: inout AppRouter) {
        TenantHomePage(web: web).register(on: &routes)
        PeoplePages(web: web, kind: .client).register(on: &routes)
        PeoplePages(web: web, kind: .coach).register(on: &routes)
        SessionPages(web: web).register(on: &routes)
        PlanPages(web: web).register(on: &routes)
        NotificationPages(web: web).register(on: &routes)
        APIKeyPages(web: web).register(on: &routes)
        ProviderAccessPage(web: web).register(on: &routes)
    }
}

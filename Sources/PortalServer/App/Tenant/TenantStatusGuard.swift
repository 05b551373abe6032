import PortalDomain
import Views

/// Keeps a suspended or manually blocked studio's users out of its workspace: every `/app` page shows
/// them a page that says so (status, reason, who to contact) and every request there, safe or not, is
/// answered 403 before a handler runs, so nothing is written.
///
/// Position: after the access policy (the session and role are settled) and before the handlers. It lets
/// through owner staff impersonating the studio's users (they still act for a suspended studio), a
/// studio blocked only for being over its plan (its adds are refused by the domain with 402, the rest
/// works) and everything outside `/app` (sign-out and the user's own account pages stay usable).
struct TenantStatusGuard: Middleware {
    /// The application.
    let web: WebApplication

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        guard let pattern = context.route, pattern == "/app" || pattern.hasPrefix("/app/"),
            let session = context.session, session.impersonation == nil, let tenantID = session.effective.tenantID,
            let tenant = try? web.portal.tenants.get(tenantID, by: session.acting(context)), !tenant.acceptsChanges
        else { return next(request, &context) }
        return TenantStatusGuard.page(tenant, web: web, request: request, context: context)
    }

    /// The 403 page for an inactive studio.
    static func page(_ tenant: Tenant, web: WebApplication, request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        let format = Formatting(timeZone: context.session?.effective.timeZone ?? tenant.timeZone)
        var content: TemplateDictionary = [
            "studio": .string(tenant.name),
            "status": .string(tenant.status.rawValue),
            "suspended": .bool(tenant.status == .suspended),
            "reason": tenant.statusReason.map { .string($0) } ?? .null,
            "contact": web.configuration.supportContact.map { .string($0) } ?? .null,
            "isAdmin": .bool(context.session?.effective.role == .tenantAdmin),
        ]
        if let since = tenant.statusChangedAt {
            content["since"] = .string(format.dateTime(since))
            content["sinceISO"] = .string(Formatting.isoUTC(since))
        }
        let title = tenant.status == .suspended ? "Studio suspended" : "Studio blocked"
        return web.pages.render(
            "app/inactive", title: title, content: content, status: .forbidden, request: request, context: context)
    }
}

import PortalDomain
import Views

/// `/app/provider-access`: every impersonation of the studio's users by the platform's staff (who, whom,
/// when, how long, read-only or write, why, ticket, how it ended), newest first.
struct ProviderAccessPage {
    /// The application.
    let web: WebApplication

    /// Rows per page.
    static let perPage = 25

    /// Registers `GET /app/provider-access`.
    func register(on routes: inout AppRouter) {
        routes.get("/app/provider-access") { request, context in try page(request, context) }
    }

    /// "12 min", "1 h 05 min", "45 s".
    static func duration(_ seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds) s" }
        let minutes = (seconds + 30) / 60
        guard minutes >= 60 else { return "\(minutes) min" }
        return "\(minutes / 60) h \(minutes % 60 < 10 ? "0" : "")\(minutes % 60) min"
    }

    private func page(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let format = scope.format
        let now = web.portal.clock.seconds
        let log = try web.portal.impersonations.log(
            tenant: scope.tenantID, page: Pagination.requestedPage(request), perPage: ProviderAccessPage.perPage,
            by: scope.actor)
        let rows: [TemplateValue] = log.items.map { item in
            let running = item.isRunning(at: now)
            return [
                "staff": .string(item.staffName), "user": .string(item.targetName),
                "started": .string(format.dateTime(item.startedAt)), "startedISO": .string(Formatting.isoUTC(item.startedAt)),
                "duration": .string(ProviderAccessPage.duration(item.duration(at: now))),
                "running": .bool(running),
                "mode": .string(item.elevatedAt == nil ? "Read-only" : "Write"),
                "write": .bool(item.elevatedAt != nil),
                "elevationReason": item.elevationReason.map { .string($0) } ?? .null,
                "reason": .string(item.reason), "ticket": .string(item.ticket),
                "ended": .string(running ? "Running" : (item.endReason?.label ?? "Expired")),
                "requests": .int(item.requests),
            ]
        }
        let content: TemplateDictionary = [
            "rows": .list(rows), "hasRows": .bool(!rows.isEmpty),
            "pagination": Pagination.value(log, path: "/app/provider-access", query: URLQuery(), noun: "accesses"),
        ]
        return web.pages.render(
            "app/provider-access", title: "Provider access", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Provider access")], request: request, context: context)
    }
}

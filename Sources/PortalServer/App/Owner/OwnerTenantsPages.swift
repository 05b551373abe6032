import PortalDomain
import Views

/// `/owner/tenants` (the directory: search, filters, sorting, pages of 50, quick stats) and
/// `/owner/tenants/{id}` (summary, usage, users, activity, invoices, features, provider access, actions).
///
/// The actions live in `+Actions` (POSTs) and `+Confirmations` (the pages that confirm them).
struct OwnerTenantsPages: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Registers the directory, the detail page, the confirmation pages and the actions.
    func register(on routes: inout AppRouter) {
        let pages = self
        routes.get("/owner/tenants") { request, context in try pages.list(request, context) }
        routes.get("/owner/tenants/{id}") { request, context in try pages.detail(request, context) }
        routes.post("/owner/tenants/{id}/features") { request, context in try pages.setFeature(request, context) }
        for action in TenantAction.allCases {
            routes.get("/owner/tenants/{id}/\(action.rawValue)") { request, context in
                try pages.confirmation(action, request, context)
            }
            routes.post("/owner/tenants/{id}/\(action.rawValue)") { request, context in
                try pages.perform(action, request, context)
            }
        }
    }

    /// The directory's filter parameters (kept by every link of the page).
    static let filterNames = ["q", "status", "plan", "sort", "dir", "active"]

    /// The directory.
    func list(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let filters = TenantFilters(request)
        var query = TenantQuery(
            search: filters.search, status: filters.status, planID: filters.planID, page: Pagination.requestedPage(request))
        let page: Page<TenantListRow>
        if let days = filters.activeDays {
            page = try web.portal.tenants.list(query, view: .activeSince(owner.now - Int64(days) * 86_400), by: owner.actor)
        } else if filters.sort == TenantFilters.sessionsSort {
            page = try web.portal.tenants.list(query, view: .mostSessions, by: owner.actor)
        } else {
            query.sort = TenantSort(rawValue: filters.sort) ?? .name
            query.descending = filters.descending
            page = try web.portal.tenants.list(query, by: owner.actor)
        }
        let plans = try web.portal.plans.list()
        let counts = try web.portal.tenants.statusCounts(by: owner.actor)
        let keep = URLQuery(request, keeping: OwnerTenantsPages.filterNames)
        let content: TemplateDictionary = [
            "rows": .list(page.items.map { row(for: $0, owner: owner) }), "hasRows": .bool(!page.items.isEmpty),
            "filters": filters.templateValue(plans: plans),
            "columns": .list(filters.columns(keep)),
            "stats": OwnerTenantsPages.quickStats(counts, filters: filters, keep: keep),
            "pagination": Pagination.value(page, path: "/owner/tenants", query: keep, noun: "tenants"),
            "filtered": .bool(filters.isFiltered),
            "activeNote": filters.activeDays.map {
                .string("Tenants whose users changed something in the last \($0) days, most recently active first.")
            } ?? .null,
            "sessionsNote": filters.sort == TenantFilters.sessionsSort && filters.activeDays == nil
                ? "Tenants by sessions this month (UTC month), most first." : .null,
        ]
        return web.pages.render(
            "owner/tenants", title: "Tenants", content: content, breadcrumbs: [Breadcrumb("Tenants")], request: request,
            context: context)
    }

    /// One directory row.
    func row(for tenant: TenantListRow, owner: OwnerContext) -> TemplateValue {
        let usage = tenant.usage
        func mini(_ kind: LimitKind) -> TemplateValue {
            Charts.usageBar(label: OwnerContext.usageLabel(kind), used: usage.used(kind), limit: usage.limit(kind))
        }
        let percent = usage.maxPercent
        return [
            "id": .int(Int(tenant.id)), "href": .string("/owner/tenants/\(tenant.id)"), "name": .string(tenant.name),
            "email": .string(tenant.contactEmail), "status": OwnerContext.badge(tenant.status, blockKind: tenant.blockKind),
            "plan": .string(tenant.planName), "clients": mini(.clients), "sessions": mini(.sessionsPerMonth),
            "usagePercent": .int(percent), "usageWarn": .bool(percent >= TenantUsage.alertPercent),
            "lastActivity": owner.time(tenant.lastActivityAt), "created": owner.time(tenant.createdAt),
            "trialEnds": tenant.status == .trial ? owner.time(tenant.trialEndsAt) : .null,
        ]
    }

    /// The status chips above the list: all tenants and each status with its count, each a filter link.
    static func quickStats(_ counts: [TenantStatus: Int], filters: TenantFilters, keep: URLQuery) -> TemplateValue {
        let base = keep.setting("page", nil)
        var chips: [TemplateValue] = [
            [
                "label": "All", "count": .string(Formatting.number(counts.values.reduce(0, +))),
                "href": .string(base.setting("status", nil).url("/owner/tenants")), "current": .bool(filters.status == nil),
            ]
        ]
        for status in TenantStatus.allCases {
            chips.append([
                "label": .string(status.label), "count": .string(Formatting.number(counts[status] ?? 0)),
                "href": .string(base.setting("status", status.rawValue).url("/owner/tenants")),
                "current": .bool(filters.status == status), "kind": .string(status.rawValue),
            ])
        }
        return .list(chips)
    }
}

import PortalDomain
import Views

/// `/owner`: the four metric cards (each a link to the view behind its number), 30-day sparklines, the
/// 24-hour profile behind the peak hour, the alerts panel and "what changed" in the last 7 days.
///
/// Where the cards lead: revenue → the paid invoices of the same 30 days (`/owner/invoices?status=paid&days=30`),
/// active tenants → the directory filtered to tenants active in 7 days (`/owner/tenants?active=7d`),
/// sessions per tenant → the directory by sessions this month (`/owner/tenants?sort=sessions`), peak hour →
/// the hour-by-hour profile further down the page (`#peak-hour`).
struct OwnerDashboardPage: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Registers `GET /owner`.
    func register(on routes: inout AppRouter) {
        let page = self
        routes.get("/owner") { request, context in try page.show(request, context) }
    }

    /// The dashboard.
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let dashboard = try web.portal.metrics.dashboard(timeZone: owner.format.zoneName, by: owner.actor)
        let content: TemplateDictionary = [
            "cards": cards(dashboard),
            "revenueSpark": Charts.sparkline(
                dashboard.series.revenue.map { Double($0.value) }, label: "Revenue per day, last 30 days"),
            "revenueTotal": .string(
                Formatting.money(
                    Money(
                        minorUnits: dashboard.series.revenue.reduce(0) { $0 + $1.value }, currency: dashboard.series.currency))),
            "sessionsSpark": Charts.sparkline(
                dashboard.series.sessions.map { Double($0.value) }, label: "Sessions per day, last 30 days"),
            "sessionsTotal": .string(Formatting.number(dashboard.series.sessions.reduce(0) { $0 + $1.value })),
            "seriesFrom": .string(dashboard.series.sessions.first?.date ?? ""),
            "seriesUntil": .string(dashboard.series.sessions.last?.date ?? ""),
            "peak": OwnerDashboardPage.hourProfile(dashboard.peakHour),
            "alerts": alerts(dashboard.alerts, owner: owner),
            "changes": changes(dashboard.changes, owner: owner),
        ]
        return web.pages.render(
            "owner/dashboard", title: "Dashboard", content: content, breadcrumbs: [Breadcrumb("Dashboard")],
            request: request, context: context)
    }

    /// The four metric cards.
    func cards(_ dashboard: Dashboard) -> TemplateValue {
        let revenue = dashboard.revenue
        let others = revenue.totals.dropFirst().map(Formatting.money).joined(separator: " + ")
        let active = dashboard.activeTenants
        let perTenant = dashboard.sessionsPerTenant
        let peak = dashboard.peakHour
        return [
            [
                "label": "Total revenue (30 days)", "value": .string(Formatting.money(revenue.primary)),
                "hint": .string(
                    "\(Formatting.number(revenue.invoices)) paid invoice\(revenue.invoices == 1 ? "" : "s")"
                        + (others.isEmpty ? "" : " · also \(others)")),
                "href": "/owner/invoices?status=paid&days=30",
            ],
            [
                "label": "Active tenants (7 days)", "value": .string(Formatting.number(active.active)),
                "hint": .string("of \(Formatting.number(active.total)) tenants"), "href": "/owner/tenants?active=7d",
            ],
            [
                "label": "Sessions per tenant (30 days)", "value": .string(Formatting.decimal(perTenant.average)),
                "hint": .string(
                    "\(Formatting.number(perTenant.sessions)) sessions, \(Formatting.number(perTenant.tenants)) trial and active tenants"
                ),
                "href": "/owner/tenants?sort=sessions",
            ],
            [
                "label": "Peak usage hour", "value": .string(peak.hour.map(OwnerDashboardPage.hourRange) ?? "No sessions"),
                "hint": .string(
                    peak.hour == nil
                        ? "in the last \(peak.days) days"
                        : "\(Formatting.decimal(peak.averageConcurrent)) sessions at once on average, \(peak.timeZone)"),
                "href": "#peak-hour",
            ],
        ]
    }

    /// `18:00–19:00`.
    static func hourRange(_ hour: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(two(hour)):00–\(two((hour + 1) % 24)):00"
    }

    /// The 24-hour concurrency profile as SVG bars in a `0 0 240 60` box (10 units per hour) plus a table.
    static func hourProfile(_ peak: PeakHourMetric) -> TemplateValue {
        let maximum = peak.hourly.max() ?? 0
        let bars = peak.hourly.enumerated().map { hour, value -> TemplateValue in
            let height = maximum > 0 ? Int((value / maximum * 52).rounded()) : 0
            return [
                "x": .int(hour * 10 + 1), "y": .int(56 - height), "height": .int(height), "peak": .bool(hour == peak.hour),
                "hour": .string(hourRange(hour)), "average": .string(Formatting.decimal(value)),
            ]
        }
        let summary =
            peak.hour.map { "Busiest hour \(hourRange($0)) with \(Formatting.decimal(peak.averageConcurrent)) sessions at once" }
            ?? "No sessions in the period"
        return [
            "bars": .list(bars), "label": .string("Average sessions in progress per hour of day. \(summary)."),
            "summary": .string(summary), "days": .int(peak.days), "timeZone": .string(peak.timeZone),
            "hasData": .bool(maximum > 0),
        ]
    }

    /// The alerts panel: one group per kind with its count, items linking to their tenant and a "see all" link.
    func alerts(_ alerts: DashboardAlerts, owner: OwnerContext) -> TemplateValue {
        let groups = AlertKind.allCases.map { kind -> TemplateValue in
            let items = alerts.items.filter { $0.kind == kind }.map { item -> TemplateValue in
                [
                    "message": .string(item.message), "tenantName": .string(item.tenantName ?? ""),
                    "href": item.tenantID.map { .string("/owner/tenants/\($0)") } ?? .null, "at": owner.time(item.at),
                ]
            }
            let count = alerts.counts[kind] ?? 0
            return [
                "kind": .string(kind.rawValue), "title": .string(OwnerDashboardPage.alertTitle(kind)), "count": .int(count),
                "items": .list(items), "hasMore": .bool(count > items.count),
                "allHref": .string(OwnerDashboardPage.alertListHref(kind)), "empty": .bool(count == 0),
            ]
        }
        let total = alerts.counts.values.reduce(0, +)
        return ["groups": .list(groups), "total": .int(total), "none": .bool(total == 0)]
    }

    /// A group's heading.
    static func alertTitle(_ kind: AlertKind) -> String {
        switch kind {
        case .usage: "Usage at 80 % or more"
        case .systemError: "System errors (24 h)"
        case .failedPayment: "Failed payments"
        case .overdueTrial: "Overdue trials"
        }
    }

    /// Where "see all" of a group leads.
    static func alertListHref(_ kind: AlertKind) -> String {
        switch kind {
        case .usage: "/owner/tenants?sort=usage"
        case .systemError: "/owner/health#events"
        case .failedPayment: "/owner/invoices?status=failed"
        case .overdueTrial: "/owner/tenants?status=trial&sort=created&dir=asc"
        }
    }

    /// "What changed": new tenants, plan changes, suspensions and blocks of the last 7 days.
    func changes(_ changes: RecentChanges, owner: OwnerContext) -> TemplateValue {
        func items(_ list: [ChangeItem]) -> TemplateValue {
            .list(
                list.map {
                    [
                        "tenantName": .string($0.tenantName), "href": .string("/owner/tenants/\($0.tenantID)"),
                        "summary": .string($0.summary), "at": owner.time($0.at),
                    ]
                })
        }
        let groups: [TemplateValue] = [
            [
                "title": "New tenants", "count": .int(changes.newTenantCount), "items": items(changes.newTenants),
                "hasItems": .bool(!changes.newTenants.isEmpty),
                "allHref": "/owner/tenants?sort=created",
            ],
            [
                "title": "Plan changes", "count": .int(changes.planChangeCount), "items": items(changes.planChanges),
                "hasItems": .bool(!changes.planChanges.isEmpty),
                "allHref": "/owner/audit?action=tenant.plan_changed",
            ],
            [
                "title": "Suspensions and blocks", "count": .int(changes.suspensionCount), "items": items(changes.suspensions),
                "hasItems": .bool(!changes.suspensions.isEmpty),
                "allHref": "/owner/audit?action=tenant.",
            ],
        ]
        let total = changes.newTenantCount + changes.planChangeCount + changes.suspensionCount
        return ["groups": .list(groups), "none": .bool(total == 0)]
    }
}

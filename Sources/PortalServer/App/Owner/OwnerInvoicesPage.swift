import PortalDomain
import Views

/// `/owner/invoices`: invoices by status, newest first, optionally of the last N days: the view behind the
/// dashboard's revenue card (`?status=paid&days=30` adds up to its figure) and its failed-payment alerts.
struct OwnerInvoicesPage: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// The window choices (days), 0 = any time.
    static let windows = [7, 30, 90, 0]

    /// Registers `GET /owner/invoices`.
    func register(on routes: inout AppRouter) {
        let page = self
        routes.get("/owner/invoices") { request, context in try page.show(request, context) }
    }

    /// The list.
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let status = request.query("status").flatMap(InvoiceStatus.init(rawValue:))
        let days = request.query("days").flatMap(Int.init).flatMap { OwnerInvoicesPage.windows.contains($0) ? $0 : nil } ?? 0
        let since = days > 0 ? owner.now - Int64(days) * 86_400 : nil
        let page = try web.portal.invoices.recent(
            status: status, since: since, page: Pagination.requestedPage(request), by: owner.actor)
        let rows = page.items.map { invoice -> TemplateValue in
            [
                "tenantName": .string(invoice.tenantName), "tenantHref": .string("/owner/tenants/\(invoice.tenantID)"),
                "period": .string(invoice.period), "amount": .string(Formatting.money(invoice.amount)),
                "status": .string(invoice.status.rawValue), "issued": owner.time(invoice.issuedAt),
                "due": owner.time(invoice.dueAt), "paid": owner.time(invoice.paidAt),
            ]
        }
        var content: TemplateDictionary = [
            "rows": .list(rows), "hasRows": .bool(!rows.isEmpty),
            "statuses": .list(
                [["value": "", "label": "Any status", "selected": .bool(status == nil)]]
                    + InvoiceStatus.allCases.map {
                        [
                            "value": .string($0.rawValue), "label": .string($0.rawValue.capitalized),
                            "selected": .bool($0 == status),
                        ]
                    }),
            "windows": .list(
                OwnerInvoicesPage.windows.map {
                    [
                        "value": .string(String($0)), "label": .string($0 == 0 ? "Any time" : "Last \($0) days"),
                        "selected": .bool($0 == days),
                    ]
                }),
            "pagination": Pagination.value(
                page, path: "/owner/invoices", query: URLQuery(request, keeping: ["status", "days"]), noun: "invoices"),
            "filtered": .bool(status != nil || days > 0),
        ]
        if status == .paid {
            let revenue = try web.portal.metrics.revenue(by: owner.actor)
            if days == 30 { content["revenue"] = .string(revenue.totals.map(Formatting.money).joined(separator: " + ")) }
        }
        return web.pages.render(
            "owner/invoices", title: "Invoices", content: content,
            breadcrumbs: [Breadcrumb("Dashboard", "/owner"), Breadcrumb("Invoices")], request: request, context: context)
    }
}

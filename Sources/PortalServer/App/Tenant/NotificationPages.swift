import PortalDomain
import Views

/// `/app/notifications`: the viewer's inbox of broadcasts and notices, newest first, with unread
/// styling, "mark read", "mark all read" and cursor pages (`?before=ID`). Every tenant role has one.
struct NotificationPages {
    /// The application.
    let web: WebApplication

    /// Messages per page.
    static let perPage = 20

    /// Registers the inbox and the two mark-read actions.
    func register(on routes: inout AppRouter) {
        routes.get("/app/notifications") { request, context in try inbox(request, context) }
        routes.post("/app/notifications/read-all") { request, context in try markAllRead(request, context) }
        routes.post("/app/notifications/{id}/read") { request, context in try markRead(request, context) }
    }

    /// A `before` cursor from a query or form value (nil when absent or malformed).
    static func cursor(_ text: String?) -> Int64? {
        guard let text, let value = Int64(text), value > 0 else { return nil }
        return value
    }

    /// Where to go back to after marking: the same page of the inbox.
    static func back(_ before: Int64?) -> String {
        before.map { "/app/notifications?before=\($0)" } ?? "/app/notifications"
    }

    private func inbox(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context)
        let format = scope.format
        let before = NotificationPages.cursor(request.query("before"))
        let inbox = try web.portal.broadcasts.inbox(limit: NotificationPages.perPage, before: before, by: scope.actor)
        let items: [TemplateValue] = inbox.items.map { item in
            [
                "id": .int(Int(item.id)), "title": .string(item.title),
                // Sanitized by the owner console before it was stored (HTMLSanitizer); rendered raw.
                "bodyHtml": .string(item.bodyHTML),
                "kind": .string(item.kind == "notice" ? "Notice" : "Broadcast"),
                "sentAt": .string(format.dateTime(item.sentAt)), "sentAtISO": .string(Formatting.isoUTC(item.sentAt)),
                "unread": .bool(!item.isRead),
            ]
        }
        var content: TemplateDictionary = [
            "items": .list(items), "hasItems": .bool(!items.isEmpty), "unread": .int(inbox.unread),
            "anyUnread": .bool(inbox.unread > 0),
            "before": .string(before.map(String.init) ?? ""), "isFirstPage": .bool(before == nil),
        ]
        if let next = inbox.nextBefore { content["olderHref"] = .string("/app/notifications?before=\(next)") }
        return web.pages.render(
            "app/notifications", title: "Notifications", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Notifications")], request: request, context: context)
    }

    private func markRead(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context)
        let fields = try request.formFields()
        try web.portal.broadcasts.markRead(try context.recordID(), by: scope.actor)
        return .redirect(
            to: NotificationPages.back(NotificationPages.cursor(fields["before"])),
            flash: FlashMessage(kind: .success, message: "Marked as read."), using: web.pages.flash)
    }

    private func markAllRead(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context)
        _ = try request.formFields()
        let count = try web.portal.broadcasts.markAllRead(by: scope.actor)
        let message = count == 0 ? "Nothing was unread." : "Marked \(count) notification\(count == 1 ? "" : "s") as read."
        return .redirect(to: "/app/notifications", flash: FlashMessage(kind: .success, message: message), using: web.pages.flash)
    }
}

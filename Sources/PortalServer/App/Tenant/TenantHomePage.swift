import PortalDomain
import Views

/// `/app`: the studio's home. Admins see the plan, usage bars, usage alerts, the next sessions and
/// unread notifications; coaches and clients see their unread notifications.
struct TenantHomePage {
    /// The application.
    let web: WebApplication

    /// Registers `GET /app`.
    func register(on routes: inout AppRouter) {
        routes.get("/app") { request, context in try home(request, context) }
    }

    /// How many unread notifications the home page lists.
    static let unreadShown = 5

    private func home(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context)
        let portal = web.portal
        let format = scope.format
        let tenant = try portal.tenants.get(scope.tenantID, by: scope.actor)
        let inbox = try portal.broadcasts.inbox(limit: 20, by: scope.actor)
        let unread = inbox.items.filter { !$0.isRead }.prefix(TenantHomePage.unreadShown).map { item -> TemplateValue in
            [
                "title": .string(item.title), "excerpt": .string(TenantHomePage.excerpt(item.bodyText)),
                "sentAt": .string(format.dateTime(item.sentAt)), "sentAtISO": .string(Formatting.isoUTC(item.sentAt)),
            ]
        }
        var content: TemplateDictionary = [
            "greeting": .string(scope.viewer.name),
            "studio": .string(tenant.name),
            "unread": .list(Array(unread)),
            "hasUnread": .bool(!unread.isEmpty),
            "unreadCount": .int(inbox.unread), "anyUnread": .bool(inbox.unread > 0),
            "isAdmin": .bool(scope.viewer.role == .tenantAdmin),
        ]
        if scope.viewer.role == .tenantAdmin {
            let usage = try portal.usage.usage(tenant: scope.tenantID, by: scope.actor)
            let now = portal.clock.seconds
            let upcoming = try portal.bookings.list(
                tenant: scope.tenantID, from: now, until: now + 7 * 86_400, limit: 50, by: scope.actor
            ).filter { $0.status == .scheduled }.prefix(5)
            content["plan"] = [
                "name": .string(tenant.planName),
                "status": .string(tenant.status.rawValue),
                "statusLabel": .string(tenant.status.label),
                "trialEnds": tenant.trialEndsAt.map { .string(format.date($0)) } ?? .null,
                "overLimit": .bool(tenant.status == .blocked && tenant.blockKind == .overLimit),
            ]
            content["usage"] = UsageViews.bars(usage)
            content["alerts"] = UsageViews.alerts(usage)
            content["hasAlerts"] = .bool(!usage.alerts.isEmpty)
            content["hasUpcoming"] = .bool(!upcoming.isEmpty)
            content["upcoming"] = .list(
                upcoming.map { booking in
                    [
                        "when": .string(format.dayLabel(booking.startsAt) + ", " + format.time(booking.startsAt)),
                        "whenISO": .string(Formatting.isoUTC(booking.startsAt)),
                        "client": .string(booking.clientName), "coach": .string(booking.coachName),
                        "minutes": .int(booking.durationMinutes),
                    ]
                })
        }
        return web.pages.render("app/home", title: "Home", content: content, request: request, context: context)
    }

    /// The first ~160 characters of a message's plain text, cut at a word.
    static func excerpt(_ text: String, limit: Int = 160) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }
}

import PortalDomain
import Views

/// Which layout a page wears.
enum PageLayout: String, Sendable {
    /// The owner console (owner staff).
    case owner
    /// A tenant's workspace (tenant users, and staff impersonating one).
    case tenant
    /// Sign-in and error pages for anonymous visitors.
    case auth
}

/// The navigation of each layout, with the counts its badges show.
struct Navigation: Sendable {
    /// One entry.
    struct Item: Sendable {
        /// Visible label.
        let label: String
        /// Target path.
        let href: String
        /// Only the exact path is "current" (the dashboards), not everything below it.
        var exact = false
    }

    /// The domain, for the badge counts.
    let portal: Portal

    /// The owner console's entries.
    static let owner: [Item] = [
        Item(label: "Dashboard", href: "/owner", exact: true),
        Item(label: "Tenants", href: "/owner/tenants"),
        Item(label: "Plans", href: "/owner/plans"),
        Item(label: "Upgrade requests", href: "/owner/upgrades"),
        Item(label: "Broadcasts", href: "/owner/broadcasts"),
        Item(label: "Audit log", href: "/owner/audit"),
        Item(label: "System health", href: "/owner/health"),
    ]

    /// A tenant admin's entries.
    static let tenantAdmin: [Item] = [
        Item(label: "Home", href: "/app", exact: true),
        Item(label: "Clients", href: "/app/clients"),
        Item(label: "Coaches", href: "/app/coaches"),
        Item(label: "Sessions", href: "/app/sessions"),
        Item(label: "Plan & usage", href: "/app/settings/plan"),
        Item(label: "Notifications", href: "/app/notifications"),
        Item(label: "Provider access", href: "/app/provider-access"),
    ]

    /// A coach's or client's entries.
    static let tenantMember: [Item] = [
        Item(label: "Home", href: "/app", exact: true),
        Item(label: "Notifications", href: "/app/notifications"),
    ]

    /// The layout for a request's session.
    static func layout(for session: WebSession?) -> PageLayout {
        guard let session else { return .auth }
        return session.effective.role.isOwnerStaff ? .owner : .tenant
    }

    /// The navigation list for `session` with the entry for `path` marked current and badge counts filled in.
    /// A failing count query leaves its badge out rather than failing the page.
    func items(for session: WebSession, path: String, context: RequestContext) -> [TemplateValue] {
        let viewer = session.effective
        let entries: [Item]
        var counts: [String: Int] = [:]
        let actor = session.acting(context)
        if viewer.role.isOwnerStaff {
            entries = Navigation.owner
            counts["/owner/upgrades"] = try? portal.upgrades.pendingCount(by: actor)
        } else {
            entries = viewer.role == .tenantAdmin ? Navigation.tenantAdmin : Navigation.tenantMember
            counts["/app/notifications"] = try? portal.broadcasts.unreadCount(by: actor)
        }
        let current = Navigation.current(entries, path: path)
        return entries.map { item in
            var entry: TemplateDictionary = ["label": .string(item.label), "href": .string(item.href)]
            entry["current"] = .bool(item.href == current)
            if let count = counts[item.href], count > 0 { entry["count"] = .int(count) }
            return .dictionary(entry)
        }
    }

    /// The href of the entry `path` falls under: an exact match, else the longest prefix of a non-exact entry.
    static func current(_ entries: [Item], path: String) -> String? {
        if let exact = entries.first(where: { $0.href == path }) { return exact.href }
        return entries.filter { !$0.exact && path.hasPrefix($0.href + "/") }.max { $0.href.count < $1.href.count }?.href
    }
}

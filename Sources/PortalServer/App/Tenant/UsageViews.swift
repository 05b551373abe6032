import PortalDomain
import Views

/// A tenant's usage as pages show it: one bar per limit and the ≥ 80 % warnings.
enum UsageViews {
    /// The limits in the order pages list them.
    static let kinds: [LimitKind] = [.clients, .coaches, .sessionsPerMonth, .storage]

    /// Human name of a limit ("Clients", "Sessions this month", "Storage").
    static func label(_ kind: LimitKind) -> String {
        switch kind {
        case .clients: "Active clients"
        case .coaches: "Active coaches"
        case .sessionsPerMonth: "Sessions this month"
        case .storage: "Storage"
        }
    }

    /// A value in the limit's unit (bytes for storage).
    static func amount(_ value: Int64, _ kind: LimitKind) -> String {
        kind == .storage ? Formatting.bytes(value) : Formatting.number(value)
    }

    /// The `partials/usage-bar` value of one limit.
    static func bar(_ usage: TenantUsage, _ kind: LimitKind) -> TemplateValue {
        Charts.usageBar(label: label(kind), used: usage.used(kind), limit: usage.limit(kind)) { amount($0, kind) }
    }

    /// Every limit's bar.
    static func bars(_ usage: TenantUsage) -> TemplateValue {
        .list(kinds.map { bar(usage, $0) })
    }

    /// The warnings for limits at or above 80 % ("Active clients: 100 of 100 (100 %)"), `full` at 100 %.
    static func alerts(_ usage: TenantUsage) -> TemplateValue {
        .list(
            usage.alerts.map { alert in
                [
                    "label": .string(label(alert.kind)),
                    "used": .string(amount(alert.used, alert.kind)),
                    "limit": .string(amount(alert.limit, alert.kind)),
                    "percent": .int(alert.percent),
                    "full": .bool(alert.percent >= 100),
                ]
            })
    }

    /// The plan's limit of `kind` as text ("100", "5 GB", "unlimited").
    static func limitText(_ limits: PlanLimits, _ kind: LimitKind) -> String {
        guard let limit = limits.limit(kind) else { return "unlimited" }
        return amount(limit, kind)
    }
}

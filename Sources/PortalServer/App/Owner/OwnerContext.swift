import PortalDomain
import Views

/// What an owner page handler knows about its request: the signed-in staff member, the domain actor,
/// formatting in the viewer's time zone and "now", plus the small view-model builders every page shares.
struct OwnerContext {
    /// The session (owner routes are never anonymous: the policy table says so).
    let session: WebSession
    /// The domain actor for this request.
    let actor: ActingUser
    /// Times in the viewer's zone, money and numbers.
    let format: Formatting
    /// The domain clock's "now" (UTC seconds).
    let now: Int64

    /// The context of a request on an owner route.
    init(_ context: RequestContext, now: Int64) {
        guard let session = context.session else {
            preconditionFailure("owner page without a session: the route's policy is wrong")
        }
        self.session = session
        actor = session.acting(context)
        format = Formatting(timeZone: session.effective.timeZone)
        self.now = now
    }

    /// The viewer's role.
    var role: Role { session.effective.role }

    /// True when the viewer's role has `capability` (buttons are only shown to roles that may use them).
    func can(_ capability: Capability) -> Bool { role.can(capability) }

    /// A time for `<time datetime="{{iso}}" title="{{text}}">{{text}}</time>`: viewer's zone, plus "5 min ago".
    func time(_ t: Int64?) -> TemplateValue {
        guard let t else { return .null }
        return [
            "iso": .string(Formatting.isoUTC(t)), "text": .string(format.dateTime(t)), "date": .string(format.date(t)),
            "relative": .string(Formatting.relative(t, now: now)),
        ]
    }

    /// The values of a status badge (`<span class="badge {{kind}}">{{label}}</span>`).
    static func badge(_ status: TenantStatus, blockKind: BlockKind? = nil) -> TemplateValue {
        let label = status == .blocked && blockKind == .overLimit ? "Blocked (over limit)" : status.label
        return ["kind": .string(status.rawValue), "label": .string(label)]
    }

    /// A plan limit for people: `100`, `5 GB`, or `Unlimited`.
    static func limitLabel(_ limits: PlanLimits, _ kind: LimitKind) -> String {
        guard let value = limits.limit(kind) else { return "Unlimited" }
        return kind == .storage ? "\(Formatting.number(limits.storageGB ?? 0)) GB" : Formatting.number(value)
    }

    /// The four usage bars of a tenant (clients, coaches, sessions this month, storage).
    static func usageBars(_ usage: TenantUsage) -> TemplateValue {
        .list(
            LimitKind.allCases.map { kind in
                Charts.usageBar(
                    label: OwnerContext.usageLabel(kind), used: usage.used(kind), limit: usage.limit(kind),
                    format: kind == .storage ? Formatting.bytes : Formatting.number)
            })
    }

    /// A limit's short name for bars and tables.
    static func usageLabel(_ kind: LimitKind) -> String {
        switch kind {
        case .clients: "Active clients"
        case .coaches: "Coaches"
        case .sessionsPerMonth: "Sessions this month"
        case .storage: "Storage"
        }
    }

    /// The month label of a `yyyymm` key (`Nov 2026`).
    static func monthLabel(_ key: Int) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = key % 100
        return (1...12).contains(month) ? "\(names[month - 1]) \(key / 100)" : String(key)
    }

    /// A small bar chart of monthly sessions for `partials/..`: one bar per month in a `0 0 120 40` box.
    static func historyChart(_ history: [MonthlySessions], label: String) -> TemplateValue {
        let maximum = max(1, history.map(\.sessions).max() ?? 0)
        let width = history.isEmpty ? 0 : 120 / history.count
        let bars = history.enumerated().map { index, month -> TemplateValue in
            let height = Int((Double(month.sessions) / Double(maximum) * 34).rounded())
            return [
                "x": .int(index * width + 2), "y": .int(36 - height), "width": .int(max(1, width - 4)),
                "height": .int(height), "title": .string("\(monthLabel(month.month)): \(Formatting.number(month.sessions))"),
            ]
        }
        let summary = history.map { "\(monthLabel($0.month)) \(Formatting.number($0.sessions))" }.joined(separator: ", ")
        return [
            "label": .string(label + ": " + (summary.isEmpty ? "no sessions" : summary)), "bars": .list(bars),
            "months": .list(
                history.map { ["month": .string(monthLabel($0.month)), "sessions": .string(Formatting.number($0.sessions))] }),
        ]
    }
}

extension RequestContext {
    /// The integer route parameter `name` (400 when it is not one: `/owner/tenants/abc`).
    func id(_ name: String = "id") throws(HTTPError) -> Int64 {
        try parameters.require(name, as: Int64.self)
    }
}

extension MetricsService {
    /// The alerts panel: usage ≥ 80%, system errors of the last 24 hours, failed payments, overdue
    /// trials; up to `limit` items of each kind, with totals.
    public func alerts(limit: Int = 10, by actor: ActingUser) throws -> DashboardAlerts {
        try actor.require(.readPlatform)
        return try context.read { db, now in try MetricsService.alerts(db, limit: limit, now: now) }
    }

    /// `alerts` on the caller's connection (inside its read or write transaction).
    static func alerts(_ db: SQLiteConnection, limit: Int, now: Int64) throws -> DashboardAlerts {
        var items: [DashboardAlert] = []
        var counts: [AlertKind: Int] = [:]
        let usage = try UsageService.alerts(db, limit: limit, now: now)
        counts[.usage] = usage.total
        for tenant in usage.tenants {
            let worst = tenant.alerts.max { $0.percent < $1.percent }
            let message =
                tenant.alerts.map { "\($0.kind.label) \($0.percent)%" }.joined(separator: ", ")
                + (worst.map { $0.percent >= 100 ? " (at limit)" : "" } ?? "")
            items.append(
                DashboardAlert(kind: .usage, tenantID: tenant.tenantID, tenantName: tenant.tenantName, message: message, at: now))
        }
        let since = now - MetricsService.day
        counts[.systemError] = Int(
            try db.int("SELECT count(*) FROM system_events WHERE level = 'error' AND created_at >= ?", [since]) ?? 0)
        for row in try db.rows(
            """
            SELECT e.created_at, e.source, e.message, e.tenant_id, t.name FROM system_events e
            LEFT JOIN tenants t ON t.id = e.tenant_id
            WHERE e.level = 'error' AND e.created_at >= ? ORDER BY e.created_at DESC, e.id DESC LIMIT ?
            """, [since, limit])
        {
            items.append(
                DashboardAlert(
                    kind: .systemError, tenantID: row.optionalInt64(3), tenantName: row.optionalString(4),
                    message: "\(row.string(1)): \(row.string(2))", at: row.int64(0)))
        }
        counts[.failedPayment] = Int(try db.int("SELECT count(*) FROM invoices WHERE status = 'failed'") ?? 0)
        for row in try db.rows(
            """
            SELECT i.tenant_id, t.name, i.period, i.amount_minor, i.currency, i.due_at FROM invoices i
            JOIN tenants t ON t.id = i.tenant_id WHERE i.status = 'failed' ORDER BY i.due_at DESC, i.id DESC LIMIT ?
            """, [limit])
        {
            let amount = Money(minorUnits: row.int64(3), currency: row.string(4))
            items.append(
                DashboardAlert(
                    kind: .failedPayment, tenantID: row.int64(0), tenantName: row.string(1),
                    message: "payment of \(amount) for \(row.string(2)) failed", at: row.int64(5)))
        }
        counts[.overdueTrial] = Int(
            try db.int("SELECT count(*) FROM tenants WHERE status = 'trial' AND trial_ends_at < ?", [now]) ?? 0)
        for row in try db.rows(
            """
            SELECT id, name, trial_ends_at FROM tenants WHERE status = 'trial' AND trial_ends_at < ?
            ORDER BY trial_ends_at LIMIT ?
            """, [now, limit])
        {
            let days = (now - row.int64(2)) / MetricsService.day
            items.append(
                DashboardAlert(
                    kind: .overdueTrial, tenantID: row.int64(0), tenantName: row.string(1),
                    message: "trial ended \(days) day\(days == 1 ? "" : "s") ago", at: row.int64(2)))
        }
        return DashboardAlerts(items: items, counts: counts)
    }

    /// What changed in the last 7 days: new tenants, plan changes, suspensions and blocks.
    public func changes(limit: Int = 10, by actor: ActingUser) throws -> RecentChanges {
        try actor.require(.readPlatform)
        return try context.read { db, now in try MetricsService.changes(db, limit: limit, now: now) }
    }

    /// `changes` on the caller's connection (inside its read or write transaction).
    static func changes(_ db: SQLiteConnection, limit: Int, now: Int64) throws -> RecentChanges {
        let since = now - 7 * MetricsService.day
        let newCount = Int(try db.int("SELECT count(*) FROM tenants WHERE created_at >= ?", [since]) ?? 0)
        let newTenants = try db.rows(
            """
            SELECT t.id, t.name, t.created_at, t.status, p.name FROM tenants t JOIN plans p ON p.id = t.plan_id
            WHERE t.created_at >= ? ORDER BY t.created_at DESC, t.id DESC LIMIT ?
            """, [since, limit]
        ).map {
            ChangeItem(
                tenantID: $0.int64(0), tenantName: $0.string(1), summary: "new, \($0.string(3)) on \($0.string(4))",
                at: $0.int64(2))
        }
        // Audit ids grow with time: find the first id of the window once, then use the (action, id) index.
        let firstID = try db.int("SELECT min(id) FROM audit_entries WHERE created_at >= ?", [since]) ?? Int64.max
        let planNames = Dictionary(
            uniqueKeysWithValues: try db.rows("SELECT id, name FROM plans").map { (String($0.int64(0)), $0.string(1)) })
        func entries(_ actions: [String]) throws -> (count: Int, items: [ChangeItem]) {
            var count = 0
            var items: [ChangeItem] = []
            for action in actions {
                count += Int(
                    try db.int("SELECT count(*) FROM audit_entries WHERE action = ? AND id >= ?", [action, firstID]) ?? 0)
                for row in try db.rows(
                    """
                    SELECT e.tenant_id, coalesce(t.name, ''), e.created_at, e.details FROM audit_entries e
                    LEFT JOIN tenants t ON t.id = e.tenant_id
                    WHERE e.action = ? AND e.id >= ? ORDER BY e.id DESC LIMIT ?
                    """, [action, firstID, limit])
                {
                    let details = AuditRecord.decodeDetails(row.string(3))
                    let summary: String
                    if let plan = details.changes.first(where: { $0.field == "plan_id" }) {
                        summary =
                            "\(plan.before.flatMap { planNames[$0] } ?? "?") → \(plan.after.flatMap { planNames[$0] } ?? "?")"
                    } else {
                        summary = String(action.split(separator: ".").last ?? "")
                    }
                    items.append(
                        ChangeItem(tenantID: row.int64(0), tenantName: row.string(1), summary: summary, at: row.int64(2)))
                }
            }
            items.sort { $0.at > $1.at }
            return (count, Array(items.prefix(limit)))
        }
        let plans = try entries(["tenant.plan_changed"])
        let suspensions = try entries(["tenant.suspended", "tenant.blocked"])
        return RecentChanges(
            newTenants: newTenants, newTenantCount: newCount, planChanges: plans.items, planChangeCount: plans.count,
            suspensions: suspensions.items, suspensionCount: suspensions.count)
    }
}

import Foundation

/// Plan-limit enforcement and the over-limit block, always inside the caller's write transaction so a
/// refused action writes nothing and an accepted one updates the counters atomically.
enum Limits {
    /// Current usage of a tenant.
    static func usage(_ db: SQLiteConnection, tenantID: Int64, now: Int64) throws -> TenantUsage {
        guard
            let row = try db.row(
                """
                SELECT t.plan_id, t.time_zone, u.active_clients, u.coaches, u.storage_bytes
                FROM tenants t JOIN tenant_usage u ON u.tenant_id = t.id WHERE t.id = ?
                """, [tenantID])
        else { throw DomainError.notFound("tenant \(tenantID)") }
        let plan = try PlanStore.limits(db, row.int64(0))
        let month = TimeZones.monthKey(now, in: TimeZones.zoneOrUTC(row.string(1)))
        return TenantUsage(
            tenantID: tenantID, planID: row.int64(0), planName: plan.name, limits: plan.limits,
            activeClients: row.int64(2), coaches: row.int64(3),
            sessionsThisMonth: try sessions(db, tenantID: tenantID, month: month), storageBytes: row.int64(4), month: month)
    }

    /// Sessions counted for a tenant's month.
    static func sessions(_ db: SQLiteConnection, tenantID: Int64, month: Int) throws -> Int64 {
        try db.int("SELECT sessions FROM tenant_month_sessions WHERE tenant_id = ? AND month = ?", [tenantID, month]) ?? 0
    }

    /// Throws `limitExceeded` unless the tenant may add `amount` of `kind` (for sessions: in `month`).
    /// An over-limit-blocked tenant may add nothing: the error names the limit it is over.
    static func requireRoom(
        _ tx: SQLiteConnection, tenant: Tenant, kind: LimitKind, adding amount: Int64, month: Int? = nil, now: Int64
    ) throws {
        let usage = try usage(tx, tenantID: tenant.id, now: now)
        if tenant.status == .blocked, tenant.blockKind == .overLimit, let over = usage.exceededKinds.first {
            throw DomainError.limitExceeded(
                LimitExceeded(
                    kind: over, limit: usage.limit(over) ?? 0, current: usage.used(over), requested: amount,
                    planID: usage.planID, planName: usage.planName, tenantID: tenant.id))
        }
        guard let limit = usage.limit(kind) else { return }
        var current = usage.used(kind)
        if kind == .sessionsPerMonth, let month, month != usage.month {
            current = try sessions(tx, tenantID: tenant.id, month: month)
        }
        if current + amount > limit {
            throw DomainError.limitExceeded(
                LimitExceeded(
                    kind: kind, limit: limit, current: current, requested: amount, planID: usage.planID,
                    planName: usage.planName, tenantID: tenant.id))
        }
    }

    /// Adds `delta` to a usage counter column of `tenant_usage`.
    static func adjust(_ tx: SQLiteConnection, tenantID: Int64, _ column: UsageColumn, by delta: Int64) throws {
        try tx.run(
            "UPDATE tenant_usage SET \(column.rawValue) = max(0, \(column.rawValue) + ?) WHERE tenant_id = ?", [delta, tenantID])
    }

    /// The counter columns of `tenant_usage`.
    enum UsageColumn: String {
        case activeClients = "active_clients"
        case coaches
        case storageBytes = "storage_bytes"
    }

    /// Adds `delta` sessions to a tenant's month.
    static func adjustSessions(_ tx: SQLiteConnection, tenantID: Int64, month: Int, by delta: Int64) throws {
        let changed = try tx.run(
            "UPDATE tenant_month_sessions SET sessions = max(0, sessions + ?) WHERE tenant_id = ? AND month = ?",
            [delta, tenantID, month])
        if changed == 0, delta > 0 {
            try tx.run(
                "INSERT INTO tenant_month_sessions (tenant_id, month, sessions) VALUES (?, ?, ?)", [tenantID, month, delta])
        }
    }

    /// Recomputes the stored usage percentage (the alerts index) for one tenant.
    static func refreshPercent(_ tx: SQLiteConnection, tenantID: Int64, now: Int64) throws {
        let usage = try usage(tx, tenantID: tenantID, now: now)
        try tx.run(
            "UPDATE tenant_usage SET usage_pct = ?, usage_checked_at = ? WHERE tenant_id = ?",
            [usage.maxPercent, now, tenantID])
    }

    /// Re-evaluates a tenant's block state against its plan: blocks a trial/active tenant that is over a
    /// limit, lifts an over-limit block when it fits again (both audited), and refreshes the usage
    /// percentage. Manual blocks and suspensions are never changed here. Returns the tenant afterwards.
    @discardableResult
    static func reevaluate(_ tx: SQLiteConnection, tenantID: Int64, actor: ActingUser, at now: Int64) throws -> Tenant {
        let tenant = try TenantStore.tenant(tx, tenantID)
        let usage = try usage(tx, tenantID: tenantID, now: now)
        try tx.run(
            "UPDATE tenant_usage SET usage_pct = ?, usage_checked_at = ? WHERE tenant_id = ?",
            [usage.maxPercent, now, tenantID])
        let exceeded = usage.exceededKinds
        if !exceeded.isEmpty, tenant.status == .trial || tenant.status == .active {
            let reason =
                "over plan limit: "
                + exceeded.map { "\($0.label) \(usage.used($0)) of \(usage.limit($0) ?? 0)" }.joined(separator: ", ")
            try tx.run(
                """
                UPDATE tenants SET status = 'blocked', block_kind = 'over_limit', status_before = status,
                    status_reason = ?, status_changed_at = ? WHERE id = ?
                """, [reason, now, tenantID])
            var record = AuditRecord(action: "tenant.limit_blocked", tenantID: tenantID, targetType: "tenant", targetID: tenantID)
            record.change("status", tenant.status.rawValue, "blocked")
            record.facts = ["exceeded": exceeded.map(\.rawValue).joined(separator: ","), "plan_id": String(usage.planID)]
            try AuditWriter.append(tx, record, actor: actor, at: now)
        } else if exceeded.isEmpty, tenant.status == .blocked, tenant.blockKind == .overLimit {
            let restored = try tx.string("SELECT status_before FROM tenants WHERE id = ?", [tenantID]) ?? "active"
            try tx.run(
                """
                UPDATE tenants SET status = ?, block_kind = NULL, status_before = NULL, status_reason = NULL,
                    status_changed_at = ? WHERE id = ?
                """, [restored, now, tenantID])
            var record = AuditRecord(
                action: "tenant.limit_unblocked", tenantID: tenantID, targetType: "tenant", targetID: tenantID)
            record.change("status", "blocked", restored)
            record.facts = ["plan_id": String(usage.planID)]
            try AuditWriter.append(tx, record, actor: actor, at: now)
        } else {
            return tenant
        }
        return try TenantStore.tenant(tx, tenantID)
    }
}

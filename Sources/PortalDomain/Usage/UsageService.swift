/// Usage against plan limits: the tenant's plan & usage page, usage alerts, storage accounting.
public struct UsageService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// A tenant's usage now.
    public func usage(tenant tenantID: Int64, by actor: ActingUser) throws -> TenantUsage {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, now in try Limits.usage(db, tenantID: tenantID, now: now) }
    }

    /// Sessions per month for the last `months` months (oldest first, this month last), in the tenant's zone.
    public func history(tenant tenantID: Int64, months: Int = 6, by actor: ActingUser) throws -> [MonthlySessions] {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, now in try UsageService.history(db, tenantID: tenantID, months: months, now: now) }
    }

    /// `history` on the caller's connection (inside its read or write transaction).
    static func history(_ db: SQLiteConnection, tenantID: Int64, months: Int, now: Int64) throws -> [MonthlySessions] {
        guard let zone = try db.string("SELECT time_zone FROM tenants WHERE id = ?", [tenantID]) else {
            throw DomainError.notFound("tenant \(tenantID)")
        }
        let current = TimeZones.monthKey(now, in: TimeZones.zoneOrUTC(zone))
        let first = TimeZones.addMonths(current, -(max(1, months) - 1))
        var counts: [Int: Int64] = [:]
        for row in try db.rows(
            "SELECT month, sessions FROM tenant_month_sessions WHERE tenant_id = ? AND month BETWEEN ? AND ?",
            [tenantID, first, current])
        {
            counts[row.int(0)] = row.int64(1)
        }
        return (0..<max(1, months)).map { offset in
            let month = TimeZones.addMonths(first, offset)
            return MonthlySessions(month: month, sessions: counts[month] ?? 0)
        }
    }

    /// Records bytes stored (positive) or freed (negative) by the tenant. Growth past the storage
    /// limit is refused with `limitExceeded` and nothing is recorded.
    @discardableResult
    public func recordStorage(tenant tenantID: Int64, deltaBytes: Int64, by actor: ActingUser) throws -> TenantUsage {
        try context.write { tx, now in
            let tenant = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            if deltaBytes > 0 { try Limits.requireRoom(tx, tenant: tenant, kind: .storage, adding: deltaBytes, now: now) }
            let before = try Limits.usage(tx, tenantID: tenantID, now: now).storageBytes
            try Limits.adjust(tx, tenantID: tenantID, .storageBytes, by: deltaBytes)
            let after = try Limits.usage(tx, tenantID: tenantID, now: now).storageBytes
            var record = AuditRecord(
                action: "tenant.storage_changed", tenantID: tenantID, targetType: "tenant", targetID: tenantID)
            record.change("storage_bytes", String(before), String(after))
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try TenantStore.touch(tx, tenantID, at: now)
            try Limits.reevaluate(tx, tenantID: tenantID, actor: actor, at: now)
            return try Limits.usage(tx, tenantID: tenantID, now: now)
        }
    }

    /// Tenants at or above 80% of any limit, highest first: `limit` of them with their alerts, and the
    /// total number of such tenants. Reads the maintained `usage_pct` index.
    public func alerts(limit: Int = 20, by actor: ActingUser) throws -> (total: Int, tenants: [TenantUsageAlerts]) {
        try actor.require(.readPlatform)
        return try context.read { db, now in try UsageService.alerts(db, limit: limit, now: now) }
    }

    /// `alerts` on the caller's connection (inside its read or write transaction).
    static func alerts(_ db: SQLiteConnection, limit: Int, now: Int64) throws -> (total: Int, tenants: [TenantUsageAlerts]) {
        let total =
            try db.int("SELECT count(*) FROM tenant_usage WHERE usage_pct >= ?", [TenantUsage.alertPercent]) ?? 0
        let rows = try db.rows(
            """
            SELECT u.tenant_id, t.name FROM tenant_usage u JOIN tenants t ON t.id = u.tenant_id
            WHERE u.usage_pct >= ? ORDER BY u.usage_pct DESC, u.tenant_id LIMIT ?
            """, [TenantUsage.alertPercent, limit])
        let tenants = try rows.map { row in
            let usage = try Limits.usage(db, tenantID: row.int64(0), now: now)
            return TenantUsageAlerts(tenantID: row.int64(0), tenantName: row.string(1), usage: usage, alerts: usage.alerts)
        }
        return (Int(total), tenants)
    }
}

/// A tenant's usage alerts, for the dashboard's alert list.
public struct TenantUsageAlerts: Sendable, Equatable {
    /// The tenant.
    public let tenantID: Int64
    /// Its name.
    public let tenantName: String
    /// Its usage.
    public let usage: TenantUsage
    /// Limits at or above 80%.
    public let alerts: [UsageAlert]
}

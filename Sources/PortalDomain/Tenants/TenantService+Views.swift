import Foundation

/// Directory views the owner dashboard's cards link to, beyond the sorts of `TenantQuery`.
public enum TenantDirectoryView: Sendable, Equatable {
    /// Tenants whose users changed something at or after this instant (UTC seconds), most recently active first.
    case activeSince(Int64)
    /// Tenants by sessions this month (the UTC month), most first.
    case mostSessions
}

extension TenantService {
    /// The directory in one of the dashboard's views: `query`'s search, status and plan filters and page apply,
    /// its sort does not (the view decides the order).
    public func list(_ query: TenantQuery, view: TenantDirectoryView, by actor: ActingUser) throws -> Page<TenantListRow> {
        try actor.require(.readPlatform)
        return try context.read { db, now in try TenantService.list(db, query, view: view, now: now) }
    }

    /// `list(_:view:by:)` on the caller's connection (inside its read or write transaction).
    static func list(_ db: SQLiteConnection, _ query: TenantQuery, view: TenantDirectoryView, now: Int64) throws
        -> Page<TenantListRow>
    {
        let perPage = min(max(query.perPage, 1), 200)
        var filter = directoryFilter(query)
        let join: String
        let order: String
        var joinArguments: [(any SQLBindable)?] = []
        switch view {
        case .activeSince(let since):
            filter.add("t.last_activity_at >= ?", since)
            join = ""
            order = "t.last_activity_at DESC, t.id DESC"
        case .mostSessions:
            join = "LEFT JOIN tenant_month_sessions m ON m.tenant_id = t.id AND m.month = ?"
            joinArguments = [TimeZones.monthKey(now, in: TimeZone(secondsFromGMT: 0)!)]
            order = "coalesce(m.sessions, 0) DESC, t.name, t.id"
        }
        let total = try db.int("SELECT count(*) FROM tenants t \(filter.clause)", filter.arguments) ?? 0
        let ids = try db.rows(
            "SELECT t.id FROM tenants t \(join) \(filter.clause) ORDER BY \(order) LIMIT ? OFFSET ?",
            joinArguments + filter.arguments + [perPage, Page<TenantListRow>.offset(page: query.page, perPage: perPage)]
        ).map { $0.int64(0) }
        let items = try ids.map { id -> TenantListRow in
            let tenant = try TenantStore.tenant(db, id)
            return TenantListRow(
                id: id, name: tenant.name, status: tenant.status, blockKind: tenant.blockKind, planID: tenant.planID,
                planName: tenant.planName, contactEmail: tenant.contactEmail, createdAt: tenant.createdAt,
                lastActivityAt: tenant.lastActivityAt, trialEndsAt: tenant.trialEndsAt,
                usage: try Limits.usage(db, tenantID: id, now: now))
        }
        return Page(items: items, total: Int(total), page: max(1, query.page), perPage: perPage)
    }

    /// How many tenants have each status (every status present, zero when none): the directory's quick stats
    /// and the `/metrics` gauge.
    public func statusCounts(by actor: ActingUser) throws -> [TenantStatus: Int] {
        try actor.require(.readPlatform)
        return try context.read { db, _ in
            var counts = Dictionary(uniqueKeysWithValues: TenantStatus.allCases.map { ($0, 0) })
            for status in TenantStatus.allCases {
                counts[status] = Int(try db.int("SELECT count(*) FROM tenants WHERE status = ?", [status]) ?? 0)
            }
            return counts
        }
    }

    /// The tenants of `planID` that are blocked for being over its limits (compared before and after a plan
    /// edit, to report how many changed block state).
    public func overLimitBlocked(plan planID: Int64, by actor: ActingUser) throws -> Set<Int64> {
        try actor.require(.readPlatform)
        return try context.read { db, _ in
            Set(
                try db.rows(
                    "SELECT id FROM tenants WHERE plan_id = ? AND status = 'blocked' AND block_kind = 'over_limit'", [planID]
                ).map { $0.int64(0) })
        }
    }
}

import Foundation

extension TenantService {
    /// The tenant directory: filter by search/status/plan, sort, one page, the total, and per-row usage.
    public func list(_ query: TenantQuery, by actor: ActingUser) throws -> Page<TenantListRow> {
        try actor.require(.readPlatform)
        return try context.read { db, now in try TenantService.list(db, query, now: now) }
    }

    /// The search, status and plan conditions of a directory query, over `tenants t`.
    static func directoryFilter(_ query: TenantQuery) -> SQLWhere {
        var filter = SQLWhere()
        if let search = query.search?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), !search.isEmpty {
            filter.add("instr(t.search_text, ?) > 0", search)
        }
        if let status = query.status { filter.add("t.status = ?", status) }
        if let planID = query.planID { filter.add("t.plan_id = ?", planID) }
        return filter
    }

    /// `list` on the caller's connection (inside its read or write transaction).
    static func list(_ db: SQLiteConnection, _ query: TenantQuery, now: Int64) throws -> Page<TenantListRow> {
        let perPage = min(max(query.perPage, 1), 200)
        let filter = directoryFilter(query)
        let total = try db.int("SELECT count(*) FROM tenants t \(filter.clause)", filter.arguments) ?? 0
        let direction = (query.descending ?? query.sort.defaultDescending) ? "DESC" : "ASC"
        let order: String =
            switch query.sort {
            case .name: "t.name \(direction), t.id \(direction)"
            case .created: "t.created_at \(direction), t.id \(direction)"
            // No coalesce: the index on last_activity_at can give the order (NULLs sort as the oldest).
            case .lastActivity: "t.last_activity_at \(direction), t.id \(direction)"
            case .clients: "u.active_clients \(direction), t.id \(direction)"
            case .usage: "u.usage_pct \(direction), t.id \(direction)"
            case .plan: "p.sort_order \(direction), t.name, t.id"
            case .status: "t.status \(direction), t.name, t.id"
            }
        // The page's ids are chosen joining only what the sort needs; the 50 rows are then completed.
        let sortJoin: String =
            switch query.sort {
            case .clients, .usage: "JOIN tenant_usage u ON u.tenant_id = t.id"
            case .plan: "JOIN plans p ON p.id = t.plan_id"
            case .name, .created, .lastActivity, .status: ""
            }
        let rows = try db.rows(
            """
            SELECT t.id, t.name, t.status, t.block_kind, t.plan_id, p.name, t.contact_email, t.created_at, t.last_activity_at,
                t.trial_ends_at, t.time_zone, u.active_clients, u.coaches, u.storage_bytes,
                p.max_clients, p.max_coaches, p.max_sessions_per_month, p.max_storage_gb
            FROM (SELECT t.id AS page_id FROM tenants t \(sortJoin) \(filter.clause) ORDER BY \(order) LIMIT ? OFFSET ?) page
            JOIN tenants t ON t.id = page.page_id JOIN plans p ON p.id = t.plan_id JOIN tenant_usage u ON u.tenant_id = t.id
            ORDER BY \(order)
            """, filter.arguments + [perPage, Page<TenantListRow>.offset(page: query.page, perPage: perPage)])
        // One month key per distinct zone on the page (a page has a few zones, zone lookups are not free).
        var months: [String: Int] = [:]
        let items = try rows.map { row -> TenantListRow in
            let id = row.int64(0)
            let zone = row.string(10)
            let month = months[zone] ?? TimeZones.monthKey(now, in: TimeZones.zoneOrUTC(zone))
            months[zone] = month
            let usage = TenantUsage(
                tenantID: id, planID: row.int64(4), planName: row.string(5),
                limits: PlanLimits(
                    clients: row.optionalInt64(14), coaches: row.optionalInt64(15), sessionsPerMonth: row.optionalInt64(16),
                    storageGB: row.optionalInt64(17)),
                activeClients: row.int64(11), coaches: row.int64(12),
                sessionsThisMonth: try Limits.sessions(db, tenantID: id, month: month), storageBytes: row.int64(13),
                month: month)
            return TenantListRow(
                id: id, name: row.string(1), status: TenantStatus(rawValue: row.string(2)) ?? .active,
                blockKind: row.optionalString(3).flatMap(BlockKind.init(rawValue:)), planID: row.int64(4),
                planName: row.string(5), contactEmail: row.string(6), createdAt: row.int64(7),
                lastActivityAt: row.optionalInt64(8), trialEndsAt: row.optionalInt64(9), usage: usage)
        }
        return Page(items: items, total: Int(total), page: max(1, query.page), perPage: perPage)
    }

    /// Everything the tenant detail page needs, from one consistent snapshot.
    public func detail(_ id: Int64, by actor: ActingUser) throws -> TenantDetail {
        try actor.require(.readPlatform)
        return try context.read { db, now in
            let tenant = try TenantStore.tenant(db, id)
            let usage = try Limits.usage(db, tenantID: id, now: now)
            let userRows = try db.rows(
                """
                SELECT \(UserStore.columns) FROM users WHERE tenant_id = ?
                ORDER BY CASE role WHEN 'tenant_admin' THEN 0 WHEN 'coach' THEN 1 ELSE 2 END, display_name, id LIMIT 20
                """, [id])
            let userTotal = try db.int("SELECT count(*) FROM users WHERE tenant_id = ?", [id]) ?? 0
            let pending = try db.row(
                """
                SELECT \(UpgradeService.columns) FROM upgrade_requests r \(UpgradeService.joins)
                WHERE r.tenant_id = ? AND r.status = 'pending'
                """, [id]
            ).map(UpgradeService.request)
            return TenantDetail(
                tenant: tenant, usage: usage, history: try UsageService.history(db, tenantID: id, months: 6, now: now),
                users: Page(items: userRows.map(UserStore.user), total: Int(userTotal), page: 1, perPage: 20),
                recentActivity: try AuditService.page(db, AuditFilter(tenantID: id), before: nil, limit: 20),
                invoices: try InvoiceService.list(db, tenantID: id, limit: 12),
                features: try FeatureService.effective(db, tenantID: id, now: now), pendingUpgrade: pending)
        }
    }

    /// How many records reset and anonymize would touch (the confirmation pages state it).
    public func impact(_ id: Int64, by actor: ActingUser) throws -> TenantImpact {
        try actor.require(.readPlatform)
        return try context.read { db, _ in try TenantService.impact(db, id) }
    }

    /// `impact` on the caller's connection (inside its read or write transaction).
    static func impact(_ db: SQLiteConnection, _ id: Int64) throws -> TenantImpact {
        _ = try TenantStore.tenant(db, id)
        func count(_ sql: String) throws -> Int { Int(try db.int(sql, [id]) ?? 0) }
        return TenantImpact(
            clients: try count("SELECT count(*) FROM clients WHERE tenant_id = ?"),
            coaches: try count("SELECT count(*) FROM coaches WHERE tenant_id = ?"),
            sessions: try count("SELECT count(*) FROM bookings WHERE tenant_id = ?"),
            users: try count("SELECT count(*) FROM users WHERE tenant_id = ?"),
            clientAndCoachUsers: try count(
                """
                SELECT (SELECT count(user_id) FROM clients WHERE tenant_id = ?1) + (SELECT count(user_id) FROM coaches WHERE tenant_id = ?1)
                """),
            invoices: try count("SELECT count(*) FROM invoices WHERE tenant_id = ?"),
            auditNotes: try count("SELECT count(*) FROM audit_notes WHERE tenant_id = ?"))
    }
}

import Foundation

/// Upgrade requests: a tenant admin submits (one pending per tenant); an owner approves (plan
/// changes, limits re-evaluated, tenant notified) or rejects (reason required, shown to the tenant).
public struct UpgradeService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        r.id, r.tenant_id, t.name, r.from_plan_id, fp.name, r.to_plan_id, tp.name, r.reason, r.status, r.requested_by,
        r.requested_at, r.decided_by, r.decided_at, r.decision_reason
        """
    /// The joins the selected columns need.
    static let joins = """
        JOIN tenants t ON t.id = r.tenant_id JOIN plans fp ON fp.id = r.from_plan_id JOIN plans tp ON tp.id = r.to_plan_id
        """

    /// Maps one row of the selected columns to a `UpgradeRequest`.
    static func request(_ row: Row) -> UpgradeRequest {
        UpgradeRequest(
            id: row.int64(0), tenantID: row.int64(1), tenantName: row.string(2), fromPlanID: row.int64(3),
            fromPlanName: row.string(4), toPlanID: row.int64(5), toPlanName: row.string(6), reason: row.string(7),
            status: UpgradeStatus(rawValue: row.string(8)) ?? .pending, requestedBy: row.optionalInt64(9),
            requestedAt: row.int64(10), decidedBy: row.optionalInt64(11), decidedAt: row.optionalInt64(12),
            decisionReason: row.optionalString(13))
    }

    /// Loads one row by id; `notFound` when it is missing (or belongs to another tenant).
    static func load(_ db: SQLiteConnection, _ id: Int64) throws -> UpgradeRequest {
        guard let row = try db.row("SELECT \(columns) FROM upgrade_requests r \(joins) WHERE r.id = ?", [id]) else {
            throw DomainError.notFound("upgrade request \(id)")
        }
        return request(row)
    }

    /// Submits a request for `toPlanID` with a reason. A second pending request is a conflict.
    public func submit(tenant tenantID: Int64, toPlan toPlanID: Int64, reason: String, by actor: ActingUser) throws
        -> UpgradeRequest
    {
        try actor.require(.requestUpgrade)
        var v = Validator()
        let cleanReason = v.text("reason", reason, label: "Reason", max: 2_000)
        return try context.write { tx, now in
            guard actor.tenantID == tenantID else { throw DomainError.notFound("tenant \(tenantID)") }
            let tenant = try TenantStore.tenant(tx, tenantID)
            // Suspended or manually blocked tenants cannot ask; an over-limit block is exactly when they should.
            guard tenant.acceptsChanges else { throw DomainError.tenantInactive(tenant.status) }
            if try tx.int("SELECT 1 FROM plans WHERE id = ?", [toPlanID]) == nil {
                v.fail("to_plan_id", "Choose one of the plans")
            } else if toPlanID == tenant.planID {
                v.fail("to_plan_id", "You are already on \(tenant.planName)")
            }
            try v.finish()
            if let pending = try tx.int("SELECT id FROM upgrade_requests WHERE tenant_id = ? AND status = 'pending'", [tenantID])
            {
                throw DomainError.conflict("upgrade request \(pending) is still pending; wait for its decision or withdraw it")
            }
            let id = try tx.insert(
                """
                INSERT INTO upgrade_requests (tenant_id, from_plan_id, to_plan_id, reason, status, requested_by, requested_at)
                VALUES (?, ?, ?, ?, 'pending', ?, ?)
                """, [tenantID, tenant.planID, toPlanID, cleanReason, actor.userID, now])
            var record = AuditRecord(action: "upgrade.requested", tenantID: tenantID, targetType: "upgrade_request", targetID: id)
            record.facts = ["from_plan_id": String(tenant.planID), "to_plan_id": String(toPlanID)]
            record.note = cleanReason
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try TenantStore.touch(tx, tenantID, at: now)
            return try UpgradeService.load(tx, id)
        }
    }

    /// Withdraws the tenant's pending request.
    public func withdraw(_ id: Int64, by actor: ActingUser) throws -> UpgradeRequest {
        try actor.require(.requestUpgrade)
        return try context.write { tx, now in
            let request = try UpgradeService.load(tx, id)
            guard request.tenantID == actor.tenantID else { throw DomainError.notFound("upgrade request \(id)") }
            guard request.status == .pending else { throw DomainError.conflict("the request was already decided") }
            try tx.run("UPDATE upgrade_requests SET status = 'withdrawn', decided_at = ? WHERE id = ?", [now, id])
            var record = AuditRecord(
                action: "upgrade.withdrawn", tenantID: request.tenantID, targetType: "upgrade_request", targetID: id)
            record.change("status", "pending", "withdrawn")
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try UpgradeService.load(tx, id)
        }
    }

    /// Approves a pending request: the tenant moves to the target plan, its block state and usage
    /// alerts are re-evaluated, and its admins get a notice. Returns the decided request.
    public func approve(_ id: Int64, note: String? = nil, by actor: ActingUser) throws -> UpgradeRequest {
        try actor.require(.decideUpgrades)
        var v = Validator()
        let cleanNote = v.optionalText("note", note, label: "Note", max: 2_000, multiline: true)
        try v.finish()
        return try context.write { tx, now in
            let request = try UpgradeService.decide(tx, id, .approved, reason: cleanNote, by: actor, at: now)
            try TenantService.changePlan(
                tx, tenantID: request.tenantID, to: request.toPlanID, actor: actor, at: now, via: "upgrade:\(id)")
            try BroadcastService.postNotice(
                tx, tenantID: request.tenantID, audience: .tenantAdmins, title: "Your plan is now \(request.toPlanName)",
                bodyHTML:
                    "<p>Your request to move from \(HTMLText.escape(request.fromPlanName)) to \(HTMLText.escape(request.toPlanName)) was approved. The new limits apply now.</p>",
                at: now)
            return try UpgradeService.load(tx, id)
        }
    }

    /// Records an owner's decision on a pending request (status, decider, time, reason) with its audit
    /// entry `upgrade.<status>`. Returns the request as it was before the decision.
    private static func decide(
        _ tx: SQLiteConnection, _ id: Int64, _ status: UpgradeStatus, reason: String?, by actor: ActingUser, at now: Int64
    ) throws -> UpgradeRequest {
        let request = try load(tx, id)
        guard request.status == .pending else {
            throw DomainError.conflict("the request was already \(request.status.rawValue)")
        }
        try tx.run(
            "UPDATE upgrade_requests SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?",
            [status.rawValue, actor.userID, now, reason, id])
        var record = AuditRecord(
            action: "upgrade.\(status.rawValue)", tenantID: request.tenantID, targetType: "upgrade_request", targetID: id)
        record.change("status", "pending", status.rawValue)
        record.note = reason
        try AuditWriter.append(tx, record, actor: actor, at: now)
        return request
    }

    /// Rejects a pending request with a reason the tenant sees.
    public func reject(_ id: Int64, reason: String, by actor: ActingUser) throws -> UpgradeRequest {
        try actor.require(.decideUpgrades)
        var v = Validator()
        let cleanReason = v.text("reason", reason, label: "Reason", max: 2_000)
        try v.finish()
        return try context.write { tx, now in
            let request = try UpgradeService.decide(tx, id, .rejected, reason: cleanReason, by: actor, at: now)
            try BroadcastService.postNotice(
                tx, tenantID: request.tenantID, audience: .tenantAdmins, title: "Your upgrade request was declined",
                bodyHTML:
                    "<p>Your request to move to \(HTMLText.escape(request.toPlanName)) was declined: \(HTMLText.escape(cleanReason))</p>",
                at: now)
            return try UpgradeService.load(tx, id)
        }
    }

    /// The tenant's pending request, or else its most recent decided one (the plan page shows either).
    public func latest(tenant tenantID: Int64, by actor: ActingUser) throws -> UpgradeRequest? {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, _ in
            try db.row(
                """
                SELECT \(UpgradeService.columns) FROM upgrade_requests r \(UpgradeService.joins)
                WHERE r.tenant_id = ? ORDER BY r.status = 'pending' DESC, r.requested_at DESC, r.id DESC LIMIT 1
                """, [tenantID]
            ).map(UpgradeService.request)
        }
    }

    /// The owner's queue: pending requests oldest first, each with usage and six months of history.
    public func pending(limit: Int = 100, by actor: ActingUser) throws -> [UpgradeQueueItem] {
        try actor.require(.readPlatform)
        return try context.read { db, now in
            try db.rows(
                """
                SELECT \(UpgradeService.columns) FROM upgrade_requests r \(UpgradeService.joins)
                WHERE r.status = 'pending' ORDER BY r.requested_at, r.id LIMIT ?
                """, [limit]
            ).map { row in
                let request = UpgradeService.request(row)
                return UpgradeQueueItem(
                    request: request, usage: try Limits.usage(db, tenantID: request.tenantID, now: now),
                    history: try UsageService.history(db, tenantID: request.tenantID, months: 6, now: now))
            }
        }
    }

    /// How many requests wait for a decision (the navigation's badge).
    public func pendingCount(by actor: ActingUser) throws -> Int {
        try actor.require(.readPlatform)
        return try context.read { db, _ in
            Int(try db.int("SELECT count(*) FROM upgrade_requests WHERE status = 'pending'") ?? 0)
        }
    }

    /// Decided requests, newest decision first (the queue's history).
    public func decided(page: Int = 1, perPage: Int = 50, by actor: ActingUser) throws -> Page<UpgradeRequest> {
        try actor.require(.readPlatform)
        return try context.read { db, _ in
            let total = try db.int("SELECT count(*) FROM upgrade_requests WHERE status <> 'pending'") ?? 0
            let rows = try db.rows(
                """
                SELECT \(UpgradeService.columns) FROM upgrade_requests r \(UpgradeService.joins)
                WHERE r.status <> 'pending' ORDER BY r.decided_at DESC, r.id DESC LIMIT ? OFFSET ?
                """, [perPage, Page<UpgradeRequest>.offset(page: page, perPage: perPage)])
            return Page(items: rows.map(UpgradeService.request), total: Int(total), page: max(1, page), perPage: perPage)
        }
    }
}

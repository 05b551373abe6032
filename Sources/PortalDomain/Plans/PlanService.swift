import Foundation

/// Plans: list, create, edit (limits, price, features), delete when unused.
///
/// Editing a plan's limits re-evaluates every tenant on it in the same transaction (usage alerts and
/// the over-limit block); a plan in use, or named by a pending upgrade request, cannot be deleted.
public struct PlanService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// Every plan, in `sortOrder`, with its tenant count. Plans are not secret: any signed-in user may list them.
    public func list() throws -> [Plan] {
        try context.read { db, _ in try PlanStore.all(db) }
    }

    /// One plan.
    public func plan(_ id: Int64) throws -> Plan {
        try context.read { db, _ in try PlanStore.plan(db, id) }
    }

    /// Creates a plan.
    public func create(_ draft: PlanDraft, by actor: ActingUser) throws -> Plan {
        try actor.require(.managePlans)
        return try context.write { tx, now in
            let clean = try PlanStore.validate(tx, draft, excluding: nil)
            let id = try tx.insert(
                """
                INSERT INTO plans (name, price_minor, currency, max_clients, max_coaches, max_sessions_per_month,
                    max_storage_gb, sort_order, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    clean.name, clean.priceMinor, clean.currency, clean.limits.clients, clean.limits.coaches,
                    clean.limits.sessionsPerMonth, clean.limits.storageGB, clean.sortOrder, now, now,
                ])
            for key in clean.features.sorted() {
                try tx.run("INSERT INTO plan_features (plan_id, feature_key) VALUES (?, ?)", [id, key])
            }
            var record = AuditRecord(action: "plan.created", targetType: "plan", targetID: id)
            record.facts = PlanStore.facts(clean)
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try PlanStore.plan(tx, id)
        }
    }

    /// Edits a plan and re-evaluates the tenants on it.
    public func update(_ id: Int64, _ draft: PlanDraft, by actor: ActingUser) throws -> Plan {
        try actor.require(.managePlans)
        return try context.write { tx, now in
            let before = try PlanStore.plan(tx, id)
            let clean = try PlanStore.validate(tx, draft, excluding: id)
            try tx.run(
                """
                UPDATE plans SET name = ?, price_minor = ?, currency = ?, max_clients = ?, max_coaches = ?,
                    max_sessions_per_month = ?, max_storage_gb = ?, sort_order = ?, updated_at = ?
                WHERE id = ?
                """,
                [
                    clean.name, clean.priceMinor, clean.currency, clean.limits.clients, clean.limits.coaches,
                    clean.limits.sessionsPerMonth, clean.limits.storageGB, clean.sortOrder, now, id,
                ])
            try tx.run("DELETE FROM plan_features WHERE plan_id = ?", [id])
            for key in clean.features.sorted() {
                try tx.run("INSERT INTO plan_features (plan_id, feature_key) VALUES (?, ?)", [id, key])
            }
            var record = AuditRecord(action: "plan.updated", targetType: "plan", targetID: id)
            record.change("name", before.name, clean.name)
            record.change("price_minor", String(before.price.minorUnits), String(clean.priceMinor))
            record.change("currency", before.price.currency, clean.currency)
            for kind in LimitKind.allCases {
                record.change(
                    "max_\(kind.rawValue)", PlanStore.limitText(before.limits, kind), PlanStore.limitText(clean.limits, kind))
            }
            record.change("features", before.features.joined(separator: ","), clean.features.sorted().joined(separator: ","))
            record.change("sort_order", String(before.sortOrder), String(clean.sortOrder))
            try AuditWriter.append(tx, record, actor: actor, at: now)
            if before.limits != clean.limits {
                let tenantIDs = try tx.rows("SELECT id FROM tenants WHERE plan_id = ?", [id]).map { $0.int64(0) }
                for tenantID in tenantIDs { try Limits.reevaluate(tx, tenantID: tenantID, actor: actor, at: now) }
            }
            return try PlanStore.plan(tx, id)
        }
    }

    /// Deletes a plan no tenant uses and no pending upgrade request names.
    public func delete(_ id: Int64, by actor: ActingUser) throws {
        try actor.require(.managePlans)
        try context.write { tx, now in
            let plan = try PlanStore.plan(tx, id)
            if plan.tenantCount > 0 {
                throw DomainError.conflict("plan \(plan.name) is used by \(plan.tenantCount) tenants and cannot be deleted")
            }
            let referenced =
                try tx.int(
                    """
                    SELECT count(*) FROM upgrade_requests WHERE from_plan_id = ?1 OR to_plan_id = ?1
                    """, [id]) ?? 0
            let invoiced = try tx.int("SELECT count(*) FROM invoices WHERE plan_id = ?", [id]) ?? 0
            if referenced > 0 || invoiced > 0 {
                throw DomainError.conflict(
                    "plan \(plan.name) appears in upgrade requests or invoices; keep it for their history")
            }
            try tx.run("DELETE FROM plans WHERE id = ?", [id])
            var record = AuditRecord(action: "plan.deleted", targetType: "plan", targetID: id)
            record.facts = ["name": plan.name]
            try AuditWriter.append(tx, record, actor: actor, at: now)
        }
    }
}

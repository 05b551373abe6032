import Foundation

/// Tenants: create, settings, the directory and detail queries, status operations (suspend,
/// reactivate, block, end trial), plan changes, reset demo data and GDPR anonymize. Every change is
/// audited in its own transaction.
public struct TenantService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// One tenant (owner staff, or the tenant's own users).
    public func get(_ id: Int64, by actor: ActingUser) throws -> Tenant {
        try actor.requireRead(tenant: id)
        return try context.read { db, _ in try TenantStore.tenant(db, id) }
    }

    private func validate(
        name: String, contactName: String, contactEmail: String, contactPhone: String?, timeZone: String, _ v: inout Validator
    ) -> TenantSettings {
        TenantSettings(
            name: v.text("name", name, label: "Name", max: 120),
            contactName: v.text("contact_name", contactName, label: "Contact name", max: 120),
            contactEmail: v.email("contact_email", contactEmail, label: "Contact email"),
            contactPhone: v.optionalPhone("contact_phone", contactPhone, label: "Contact phone"),
            timeZone: v.timeZone("time_zone", timeZone))
    }

    /// Creates a tenant (trial when `trialEndsAt` is set, else active).
    public func create(_ draft: TenantDraft, by actor: ActingUser) throws -> Tenant {
        try actor.require(.manageTenants)
        var v = Validator()
        let clean = validate(
            name: draft.name, contactName: draft.contactName, contactEmail: draft.contactEmail,
            contactPhone: draft.contactPhone, timeZone: draft.timeZone, &v)
        return try context.write { tx, now in
            if let trialEndsAt = draft.trialEndsAt {
                v.check(trialEndsAt > now, "trial_ends_at", "Trial end must be in the future")
            }
            if try tx.int("SELECT 1 FROM plans WHERE id = ?", [draft.planID]) == nil { v.fail("plan_id", "Choose a plan") }
            try v.finish()
            let id = try tx.insert(
                """
                INSERT INTO tenants (name, search_text, status, plan_id, contact_name, contact_email, contact_phone, time_zone,
                    trial_ends_at, created_at, status_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    clean.name, TenantStore.searchText(name: clean.name, contactEmail: clean.contactEmail),
                    draft.trialEndsAt == nil ? TenantStatus.active : .trial, draft.planID, clean.contactName,
                    clean.contactEmail, clean.contactPhone, clean.timeZone, draft.trialEndsAt, now, now,
                ])
            try tx.run("INSERT INTO tenant_usage (tenant_id, usage_checked_at) VALUES (?, ?)", [id, now])
            var record = AuditRecord(action: "tenant.created", tenantID: id, targetType: "tenant", targetID: id)
            record.facts = [
                "plan_id": String(draft.planID), "status": draft.trialEndsAt == nil ? "active" : "trial",
                "time_zone": clean.timeZone,
            ]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try TenantStore.tenant(tx, id)
        }
    }

    /// Edits name, contacts and time zone (owner admins, or the tenant's admin). A new time zone
    /// recounts the tenant's monthly sessions in it.
    public func update(_ id: Int64, _ settings: TenantSettings, by actor: ActingUser) throws -> Tenant {
        var v = Validator()
        let clean = validate(
            name: settings.name, contactName: settings.contactName, contactEmail: settings.contactEmail,
            contactPhone: settings.contactPhone, timeZone: settings.timeZone, &v)
        try v.finish()
        return try context.write { tx, now in
            let before: Tenant
            if actor.isTenantSide {
                before = try TenantStore.requireTenantWrite(tx, id, actor: actor)
            } else {
                try actor.require(.manageTenants)
                before = try TenantStore.tenant(tx, id)
            }
            try tx.run(
                """
                UPDATE tenants SET name = ?, search_text = ?, contact_name = ?, contact_email = ?, contact_phone = ?,
                    time_zone = ? WHERE id = ?
                """,
                [
                    clean.name, TenantStore.searchText(name: clean.name, contactEmail: clean.contactEmail), clean.contactName,
                    clean.contactEmail, clean.contactPhone, clean.timeZone, id,
                ])
            var record = AuditRecord(action: "tenant.updated", tenantID: id, targetType: "tenant", targetID: id)
            record.change("name", before.name, clean.name)
            record.personal("contact_name", before.contactName, clean.contactName)
            record.personal("contact_email", before.contactEmail, clean.contactEmail)
            record.personal("contact_phone", before.contactPhone, clean.contactPhone)
            record.change("time_zone", before.timeZone, clean.timeZone)
            try AuditWriter.append(tx, record, actor: actor, at: now)
            if before.timeZone != clean.timeZone {
                try TenantService.recountMonths(tx, tenantID: id, zone: TimeZones.zoneOrUTC(clean.timeZone))
                try Limits.reevaluate(tx, tenantID: id, actor: actor, at: now)
            }
            if actor.isTenantSide { try TenantStore.touch(tx, id, at: now) }
            return try TenantStore.tenant(tx, id)
        }
    }

    /// Rebuilds a tenant's monthly session counts from its bookings in `zone`.
    static func recountMonths(_ tx: SQLiteConnection, tenantID: Int64, zone: TimeZone) throws {
        var months: [Int: Int64] = [:]
        try tx.each("SELECT starts_at FROM bookings WHERE tenant_id = ? AND status <> 'cancelled'", [tenantID]) {
            months[TimeZones.monthKey($0.int64(0), in: zone), default: 0] += 1
        }
        try tx.run("DELETE FROM tenant_month_sessions WHERE tenant_id = ?", [tenantID])
        for (month, count) in months {
            try tx.run(
                "INSERT INTO tenant_month_sessions (tenant_id, month, sessions) VALUES (?, ?, ?)", [tenantID, month, count])
        }
    }

    /// Moves a tenant to another plan directly (billing ops / owner admin), re-evaluating its limits.
    public func changePlan(_ id: Int64, to planID: Int64, reason: String, by actor: ActingUser) throws -> Tenant {
        try actor.require(.managePlans)
        var v = Validator()
        let cleanReason = v.text("reason", reason, label: "Reason", max: 2_000)
        try v.finish()
        return try context.write { tx, now in
            try TenantService.changePlan(tx, tenantID: id, to: planID, actor: actor, at: now, via: "direct", note: cleanReason)
            return try TenantStore.tenant(tx, id)
        }
    }

    /// The plan change shared by direct changes and approved upgrades.
    static func changePlan(
        _ tx: SQLiteConnection, tenantID: Int64, to planID: Int64, actor: ActingUser, at now: Int64, via: String,
        note: String? = nil
    ) throws {
        let before = try TenantStore.tenant(tx, tenantID)
        guard try tx.int("SELECT 1 FROM plans WHERE id = ?", [planID]) != nil else {
            throw DomainError.notFound("plan \(planID)")
        }
        guard before.planID != planID else { throw DomainError.conflict("the tenant is already on \(before.planName)") }
        try tx.run("UPDATE tenants SET plan_id = ? WHERE id = ?", [planID, tenantID])
        var record = AuditRecord(action: "tenant.plan_changed", tenantID: tenantID, targetType: "tenant", targetID: tenantID)
        record.change("plan_id", String(before.planID), String(planID))
        record.facts = ["via": via]
        record.note = note
        try AuditWriter.append(tx, record, actor: actor, at: now)
        try Limits.reevaluate(tx, tenantID: tenantID, actor: actor, at: now)
    }

    /// The tenant's base status (trial/active) under any suspension or block.
    private static func baseStatus(_ tx: SQLiteConnection, _ tenant: Tenant) throws -> String {
        switch tenant.status {
        case .trial, .active: return tenant.status.rawValue
        case .suspended, .blocked:
            return try tx.string("SELECT status_before FROM tenants WHERE id = ?", [tenant.id]) ?? "active"
        }
    }

    /// Suspends a tenant (reason required): its users can no longer change data.
    public func suspend(_ id: Int64, reason: String, by actor: ActingUser) throws -> Tenant {
        try actor.require(.suspendTenants)
        let cleanReason = try TenantService.reason(reason)
        return try context.write { tx, now in
            let tenant = try TenantStore.tenant(tx, id)
            guard tenant.status != .suspended else { throw DomainError.conflict("\(tenant.name) is already suspended") }
            guard !(tenant.status == .blocked && tenant.blockKind == .manual) else {
                throw DomainError.conflict("\(tenant.name) is blocked; lift the block first")
            }
            try setStatus(
                tx, tenant, to: .suspended, blockKind: nil, reason: cleanReason, action: "tenant.suspended", actor: actor, at: now
            )
            return try TenantStore.tenant(tx, id)
        }
    }

    /// Blocks a tenant (reason required): no changes at all, no impersonation (running ones end now), until
    /// reactivated.
    public func block(_ id: Int64, reason: String, by actor: ActingUser) throws -> Tenant {
        try actor.require(.blockTenants)
        let cleanReason = try TenantService.reason(reason)
        return try context.write { tx, now in
            let tenant = try TenantStore.tenant(tx, id)
            guard !(tenant.status == .blocked && tenant.blockKind == .manual) else {
                throw DomainError.conflict("\(tenant.name) is already blocked")
            }
            try setStatus(
                tx, tenant, to: .blocked, blockKind: .manual, reason: cleanReason, action: "tenant.blocked", actor: actor, at: now
            )
            try ImpersonationService.endRunning(tx, tenantID: id, actor: actor, at: now)
            return try TenantStore.tenant(tx, id)
        }
    }

    /// Lifts a suspension or a manual block (reason required), restoring trial or active; the limits
    /// are then re-evaluated (an over-limit tenant comes back over-limit-blocked).
    public func reactivate(_ id: Int64, reason: String, by actor: ActingUser) throws -> Tenant {
        let cleanReason = try TenantService.reason(reason)
        return try context.write { tx, now in
            let tenant = try TenantStore.tenant(tx, id)
            switch (tenant.status, tenant.blockKind) {
            case (.suspended, _): try actor.require(.suspendTenants)
            case (.blocked, .manual): try actor.require(.blockTenants)
            default: throw DomainError.conflict("\(tenant.name) is neither suspended nor blocked by an owner")
            }
            let base = try TenantService.baseStatus(tx, tenant)
            try setStatus(
                tx, tenant, to: TenantStatus(rawValue: base) ?? .active, blockKind: nil, reason: cleanReason,
                action: "tenant.reactivated", actor: actor, at: now)
            try Limits.reevaluate(tx, tenantID: id, actor: actor, at: now)
            return try TenantStore.tenant(tx, id)
        }
    }

    /// Turns a trial into a paying tenant.
    public func endTrial(_ id: Int64, by actor: ActingUser) throws -> Tenant {
        try actor.require(.managePlans)
        return try context.write { tx, now in
            let tenant = try TenantStore.tenant(tx, id)
            if tenant.status == .trial {
                try setStatus(
                    tx, tenant, to: .active, blockKind: nil, reason: nil, action: "tenant.trial_ended", actor: actor, at: now)
            } else if try tx.string("SELECT status_before FROM tenants WHERE id = ?", [id]) == "trial" {
                try tx.run("UPDATE tenants SET status_before = 'active' WHERE id = ?", [id])
                var record = AuditRecord(action: "tenant.trial_ended", tenantID: id, targetType: "tenant", targetID: id)
                record.change("status_before", "trial", "active")
                try AuditWriter.append(tx, record, actor: actor, at: now)
            } else {
                throw DomainError.conflict("\(tenant.name) is not on a trial")
            }
            try tx.run("UPDATE tenants SET trial_overdue_at = NULL WHERE id = ?", [id])
            return try TenantStore.tenant(tx, id)
        }
    }

    /// Moves a trial's end date.
    public func extendTrial(_ id: Int64, until end: Int64, by actor: ActingUser) throws -> Tenant {
        try actor.require(.manageTenants)
        return try context.write { tx, now in
            let tenant = try TenantStore.tenant(tx, id)
            guard tenant.status == .trial else { throw DomainError.conflict("\(tenant.name) is not on a trial") }
            guard end > now else { throw DomainError.invalid("trial_ends_at", "Trial end must be in the future") }
            try tx.run("UPDATE tenants SET trial_ends_at = ?, trial_overdue_at = NULL WHERE id = ?", [end, id])
            var record = AuditRecord(action: "tenant.trial_extended", tenantID: id, targetType: "tenant", targetID: id)
            record.change("trial_ends_at", tenant.trialEndsAt.map { String($0) }, String(end))
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try TenantStore.tenant(tx, id)
        }
    }

    private static func reason(_ text: String) throws -> String {
        var v = Validator()
        let clean = v.text("reason", text, label: "Reason", max: 2_000)
        try v.finish()
        return clean
    }

    private func setStatus(
        _ tx: SQLiteConnection, _ tenant: Tenant, to status: TenantStatus, blockKind: BlockKind?, reason: String?,
        action: String, actor: ActingUser, at now: Int64
    ) throws {
        let base = try TenantService.baseStatus(tx, tenant)
        let keepsBase = status == .suspended || status == .blocked
        try tx.run(
            """
            UPDATE tenants SET status = ?, block_kind = ?, status_before = ?, status_reason = ?, status_changed_at = ?
            WHERE id = ?
            """, [status, blockKind, keepsBase ? base : nil, keepsBase ? reason : nil, now, tenant.id])
        var record = AuditRecord(action: action, tenantID: tenant.id, targetType: "tenant", targetID: tenant.id)
        record.change("status", tenant.status.rawValue, status.rawValue)
        record.change("block_kind", tenant.blockKind?.rawValue, blockKind?.rawValue)
        record.note = reason
        try AuditWriter.append(tx, record, actor: actor, at: now)
    }
}

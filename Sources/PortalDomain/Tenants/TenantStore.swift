/// Tenant SQL shared by services.
enum TenantStore {
    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        t.id, t.name, t.status, t.block_kind, t.status_reason, t.status_changed_at, t.plan_id, p.name, t.contact_name,
        t.contact_email, t.contact_phone, t.time_zone, t.trial_ends_at, t.trial_overdue_at, t.created_at,
        t.last_activity_at, t.anonymized_at
        """

    /// `tenant` on the caller's connection (inside its read or write transaction).
    static func tenant(_ db: SQLiteConnection, _ id: Int64) throws -> Tenant {
        guard let row = try db.row("SELECT \(columns) FROM tenants t JOIN plans p ON p.id = t.plan_id WHERE t.id = ?", [id])
        else { throw DomainError.notFound("tenant \(id)") }
        return tenant(row)
    }

    /// Maps one row of the selected columns to a `Tenant`.
    static func tenant(_ row: Row) -> Tenant {
        Tenant(
            id: row.int64(0), name: row.string(1), status: TenantStatus(rawValue: row.string(2)) ?? .active,
            blockKind: row.optionalString(3).flatMap(BlockKind.init(rawValue:)), statusReason: row.optionalString(4),
            statusChangedAt: row.optionalInt64(5), planID: row.int64(6), planName: row.string(7),
            contactName: row.string(8), contactEmail: row.string(9), contactPhone: row.optionalString(10),
            timeZone: row.string(11), trialEndsAt: row.optionalInt64(12), trialOverdueAt: row.optionalInt64(13),
            createdAt: row.int64(14), lastActivityAt: row.optionalInt64(15), anonymizedAt: row.optionalInt64(16))
    }

    /// The lower-cased text the directory search matches (name and contact e-mail).
    static func searchText(name: String, contactEmail: String) -> String {
        (name + " " + contactEmail).lowercased()
    }

    /// Records tenant-side activity (the "active tenants" metric reads it).
    static func touch(_ tx: SQLiteConnection, _ tenantID: Int64, at now: Int64) throws {
        try tx.run(
            "UPDATE tenants SET last_activity_at = ? WHERE id = ? AND (last_activity_at IS NULL OR last_activity_at < ?)",
            [now, tenantID, now])
    }

    /// Throws unless `actor` may change `tenantID`'s own data (clients, coaches, sessions, storage):
    /// a tenant admin of that tenant whose tenant accepts changes. Owner staff change tenant data only
    /// by impersonating a tenant admin, and they still can while the tenant is suspended or blocked
    /// (the server decides whether an impersonation may write at all). A foreign tenant is reported
    /// as not found.
    static func requireTenantWrite(_ tx: SQLiteConnection, _ tenantID: Int64, actor: ActingUser) throws -> Tenant {
        guard actor.isTenantSide else {
            throw DomainError.notPermitted("owner staff change a tenant's data only by impersonating one of its admins")
        }
        guard actor.tenantID == tenantID else { throw DomainError.notFound("tenant \(tenantID)") }
        try actor.require(.manageOwnTenant)
        let tenant = try tenant(tx, tenantID)
        guard tenant.acceptsChanges || actor.impersonatorUserID != nil else {
            throw DomainError.tenantInactive(tenant.status)
        }
        return tenant
    }
}

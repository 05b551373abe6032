import Foundation

/// Plan SQL shared by the services that need a plan's limits.
enum PlanStore {
    /// `all` on the caller's connection (inside its read or write transaction).
    static func all(_ db: SQLiteConnection) throws -> [Plan] {
        let ids = try db.rows("SELECT id FROM plans ORDER BY sort_order, price_minor, id").map { $0.int64(0) }
        return try ids.map { try plan(db, $0) }
    }

    /// `plan` on the caller's connection (inside its read or write transaction).
    static func plan(_ db: SQLiteConnection, _ id: Int64) throws -> Plan {
        guard
            let row = try db.row(
                """
                SELECT id, name, price_minor, currency, max_clients, max_coaches, max_sessions_per_month, max_storage_gb,
                    sort_order, created_at, updated_at, (SELECT count(*) FROM tenants WHERE plan_id = plans.id)
                FROM plans WHERE id = ?
                """, [id])
        else { throw DomainError.notFound("plan \(id)") }
        let features = try db.rows("SELECT feature_key FROM plan_features WHERE plan_id = ? ORDER BY feature_key", [id])
            .map { $0.string(0) }
        return Plan(
            id: row.int64(0), name: row.string(1), price: Money(minorUnits: row.int64(2), currency: row.string(3)),
            limits: PlanLimits(
                clients: row.optionalInt64(4), coaches: row.optionalInt64(5), sessionsPerMonth: row.optionalInt64(6),
                storageGB: row.optionalInt64(7)),
            features: features, sortOrder: row.int(8), tenantCount: row.int(11), createdAt: row.int64(9),
            updatedAt: row.int64(10))
    }

    /// Just the limits and name of a plan (the limit checks' hot path).
    static func limits(_ db: SQLiteConnection, _ id: Int64) throws -> (name: String, limits: PlanLimits) {
        guard
            let row = try db.row(
                "SELECT name, max_clients, max_coaches, max_sessions_per_month, max_storage_gb FROM plans WHERE id = ?", [id])
        else { throw DomainError.notFound("plan \(id)") }
        return (
            row.string(0),
            PlanLimits(
                clients: row.optionalInt64(1), coaches: row.optionalInt64(2), sessionsPerMonth: row.optionalInt64(3),
                storageGB: row.optionalInt64(4))
        )
    }

    /// `validate` on the caller's connection (inside its read or write transaction).
    static func validate(_ db: SQLiteConnection, _ draft: PlanDraft, excluding id: Int64?) throws -> PlanDraft {
        var v = Validator()
        var clean = draft
        clean.name = v.text("name", draft.name, label: "Name", max: 60)
        clean.currency = draft.currency.trimmingCharacters(in: .whitespaces).uppercased()
        v.check(Money.isCurrencyCode(clean.currency), "currency", "Currency must be a three-letter ISO code such as EUR")
        v.check(draft.priceMinor >= 0, "price", "Price must not be negative")
        v.check(draft.priceMinor <= 100_000_000_00, "price", "Price is too large")
        for kind in LimitKind.allCases {
            if let value = draft.limits.limit(kind) {
                v.check(value >= 0, "max_\(kind.rawValue)", "Limit must be zero or more (leave empty for unlimited)")
            }
        }
        if !clean.name.isEmpty,
            let other = try db.int("SELECT id FROM plans WHERE name = ? COLLATE NOCASE", [clean.name]), other != id
        {
            v.fail("name", "Another plan is called \(clean.name)")
        }
        let known = Set(try db.rows("SELECT key FROM features").map { $0.string(0) })
        let unknown = draft.features.subtracting(known)
        v.check(unknown.isEmpty, "features", "Unknown features: \(unknown.sorted().joined(separator: ", "))")
        try v.finish()
        return clean
    }

    /// A limit as audit text (`unlimited` for nil; storage in GB).
    static func limitText(_ limits: PlanLimits, _ kind: LimitKind) -> String {
        switch kind {
        case .storage: limits.storageGB.map { String($0) } ?? "unlimited"
        default: limits.limit(kind).map { String($0) } ?? "unlimited"
        }
    }

    /// A plan's settings as audit facts.
    static func facts(_ draft: PlanDraft) -> [String: String] {
        var facts: [String: String] = ["name": draft.name, "price_minor": String(draft.priceMinor), "currency": draft.currency]
        for kind in LimitKind.allCases { facts["max_\(kind.rawValue)"] = limitText(draft.limits, kind) }
        facts["features"] = draft.features.sorted().joined(separator: ",")
        return facts
    }
}

import Foundation

/// The feature catalogue, per-tenant overrides over plan defaults, and `isEnabled(feature, tenant)`.
public struct FeatureService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// Every feature, by name.
    public func catalogue() throws -> [Feature] {
        try context.read { db, _ in try FeatureService.catalogue(db) }
    }

    /// `catalogue` on the caller's connection (inside its read or write transaction).
    static func catalogue(_ db: SQLiteConnection) throws -> [Feature] {
        try db.rows("SELECT key, name, description FROM features ORDER BY name").map {
            Feature(key: $0.string(0), name: $0.string(1), description: $0.string(2))
        }
    }

    /// Adds a feature to the catalogue (or renames/redescribes an existing key).
    public func define(key: String, name: String, description: String, by actor: ActingUser) throws -> Feature {
        try actor.require(.manageFeatures)
        var v = Validator()
        let cleanKey = key.trimmingCharacters(in: .whitespaces)
        v.check(
            !cleanKey.isEmpty && cleanKey.count <= 64
                && cleanKey.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
                && cleanKey.utf8.first.map { $0 >= 97 && $0 <= 122 } == true,
            "key", "Key must be lower-case letters, digits and underscores, starting with a letter")
        let cleanName = v.text("name", name, label: "Name", max: 80)
        let cleanDescription = v.optionalText("description", description, label: "Description", max: 500) ?? ""
        try v.finish()
        return try context.write { tx, now in
            let existing = try tx.row("SELECT name, description FROM features WHERE key = ?", [cleanKey])
            try tx.run(
                """
                INSERT INTO features (key, name, description, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, description = excluded.description
                """, [cleanKey, cleanName, cleanDescription, now])
            var record = AuditRecord(action: existing == nil ? "feature.created" : "feature.updated", targetType: "feature")
            record.facts = ["key": cleanKey]
            record.change("name", existing?.string(0), cleanName)
            record.change("description", existing?.string(1), cleanDescription)
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return Feature(key: cleanKey, name: cleanName, description: cleanDescription)
        }
    }

    /// True when `featureKey` is on for the tenant: a live override wins, else the plan decides.
    public func isEnabled(_ featureKey: String, tenant tenantID: Int64) throws -> Bool {
        try context.read { db, now in try FeatureService.isEnabled(db, featureKey, tenantID: tenantID, now: now) }
    }

    /// `isEnabled` on the caller's connection (inside its read or write transaction).
    static func isEnabled(_ db: SQLiteConnection, _ featureKey: String, tenantID: Int64, now: Int64) throws -> Bool {
        if let row = try db.row(
            """
            SELECT enabled FROM feature_overrides
            WHERE tenant_id = ? AND feature_key = ? AND (expires_at IS NULL OR expires_at > ?)
            """, [tenantID, featureKey, now])
        {
            return row.bool(0)
        }
        return try db.int(
            """
            SELECT 1 FROM tenants t JOIN plan_features pf ON pf.plan_id = t.plan_id AND pf.feature_key = ?
            WHERE t.id = ?
            """, [featureKey, tenantID]) != nil
    }

    /// Every catalogue feature as the tenant gets it.
    public func effectiveFeatures(tenant tenantID: Int64, by actor: ActingUser) throws -> [EffectiveFeature] {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, now in try FeatureService.effective(db, tenantID: tenantID, now: now) }
    }

    /// `effective` on the caller's connection (inside its read or write transaction).
    static func effective(_ db: SQLiteConnection, tenantID: Int64, now: Int64) throws -> [EffectiveFeature] {
        guard let planID = try db.int("SELECT plan_id FROM tenants WHERE id = ?", [tenantID]) else {
            throw DomainError.notFound("tenant \(tenantID)")
        }
        let included = Set(
            try db.rows("SELECT feature_key FROM plan_features WHERE plan_id = ?", [planID]).map { $0.string(0) })
        let overrides = Dictionary(
            uniqueKeysWithValues: try overrides(db, tenantID: tenantID).filter { ($0.expiresAt ?? Int64.max) > now }.map {
                ($0.featureKey, $0)
            })
        return try catalogue(db).map { feature in
            let planDefault = included.contains(feature.key)
            let override = overrides[feature.key]
            return EffectiveFeature(
                feature: feature, planDefault: planDefault, override: override, enabled: override?.enabled ?? planDefault)
        }
    }

    /// The tenant's overrides, including expired ones the job has not removed yet.
    public func overrides(tenant tenantID: Int64, by actor: ActingUser) throws -> [FeatureOverride] {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, _ in try FeatureService.overrides(db, tenantID: tenantID) }
    }

    /// `overrides` on the caller's connection (inside its read or write transaction).
    static func overrides(_ db: SQLiteConnection, tenantID: Int64) throws -> [FeatureOverride] {
        try db.rows(
            """
            SELECT tenant_id, feature_key, enabled, note, expires_at, created_by, created_at
            FROM feature_overrides WHERE tenant_id = ? ORDER BY feature_key
            """, [tenantID]
        ).map {
            FeatureOverride(
                tenantID: $0.int64(0), featureKey: $0.string(1), enabled: $0.bool(2), note: $0.string(3),
                expiresAt: $0.optionalInt64(4), createdBy: $0.optionalInt64(5), createdAt: $0.int64(6))
        }
    }

    /// Sets a tenant's feature to on, off, or back to the plan default, with a note and an optional
    /// expiry (after which the plan default returns).
    public func setOverride(
        tenant tenantID: Int64, feature featureKey: String, state: OverrideState, note: String = "",
        expiresAt: Int64? = nil, by actor: ActingUser
    ) throws {
        try actor.require(.manageFeatures)
        var v = Validator()
        let cleanNote = v.optionalText("note", note, label: "Note", max: 500) ?? ""
        try context.write { tx, now in
            if let expiresAt { v.check(expiresAt > now, "expires_at", "Expiry must be in the future") }
            guard try tx.int("SELECT 1 FROM tenants WHERE id = ?", [tenantID]) != nil else {
                throw DomainError.notFound("tenant \(tenantID)")
            }
            guard try tx.int("SELECT 1 FROM features WHERE key = ?", [featureKey]) != nil else {
                throw DomainError.notFound("feature \(featureKey)")
            }
            try v.finish()
            let before = try tx.row(
                "SELECT enabled, expires_at FROM feature_overrides WHERE tenant_id = ? AND feature_key = ?",
                [tenantID, featureKey])
            let beforeState = before.map { $0.bool(0) ? "on" : "off" } ?? "default"
            var record = AuditRecord(
                action: state == .planDefault ? "feature_override.cleared" : "feature_override.set", tenantID: tenantID,
                targetType: "feature")
            record.facts = ["feature": featureKey]
            record.change("state", beforeState, state.rawValue)
            record.change("expires_at", before?.optionalInt64(1).map { String($0) }, expiresAt.map { String($0) })
            record.note = cleanNote.isEmpty ? nil : cleanNote
            switch state {
            case .planDefault:
                try tx.run("DELETE FROM feature_overrides WHERE tenant_id = ? AND feature_key = ?", [tenantID, featureKey])
            case .on, .off:
                try tx.run(
                    """
                    INSERT INTO feature_overrides (tenant_id, feature_key, enabled, note, expires_at, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, feature_key) DO UPDATE SET enabled = excluded.enabled, note = excluded.note,
                        expires_at = excluded.expires_at, created_by = excluded.created_by, created_at = excluded.created_at
                    """, [tenantID, featureKey, state == .on, cleanNote, expiresAt, actor.userID, now])
            }
            try AuditWriter.append(tx, record, actor: actor, at: now)
        }
    }

    /// Removes overrides whose expiry has passed (the plan default returns), one audit entry each.
    /// Returns how many it removed.
    @discardableResult
    public func expireOverrides(by actor: ActingUser = .system("job:expire-feature-overrides")) throws -> Int {
        try context.write { tx, now in
            let expired = try tx.rows(
                """
                SELECT tenant_id, feature_key, enabled FROM feature_overrides
                WHERE expires_at IS NOT NULL AND expires_at <= ?
                """, [now])
            for row in expired {
                try tx.run(
                    "DELETE FROM feature_overrides WHERE tenant_id = ? AND feature_key = ?", [row.int64(0), row.string(1)])
                var record = AuditRecord(action: "feature_override.expired", tenantID: row.int64(0), targetType: "feature")
                record.facts = ["feature": row.string(1)]
                record.change("state", row.bool(2) ? "on" : "off", "default")
                try AuditWriter.append(tx, record, actor: actor, at: now)
            }
            return expired.count
        }
    }
}

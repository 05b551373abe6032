extension TenantService {
    /// Wipes the tenant's clients, coaches and sessions (and the logins linked to them), keeping its
    /// settings, plan, admins, invoices and history. Returns what was removed.
    @discardableResult
    public func resetDemoData(_ id: Int64, by actor: ActingUser) throws -> TenantImpact {
        try actor.require(.resetDemoData)
        return try context.write { tx, now in
            let impact = try TenantService.impact(tx, id)
            // Take the sessions out of the platform-wide slot aggregates before deleting them.
            var removed = SessionSlots.Accumulator()
            try tx.each("SELECT starts_at, duration_min FROM bookings WHERE tenant_id = ? AND status <> 'cancelled'", [id]) {
                removed.add(startsAt: $0.int64(0), durationMinutes: Int($0.int64(1)))
            }
            for (slot, entry) in removed.slots {
                try tx.run(
                    "UPDATE session_slots SET started = max(0, started - ?), occupied = max(0, occupied - ?) WHERE slot = ?",
                    [entry.started, entry.occupied, slot])
            }
            try tx.run("DELETE FROM bookings WHERE tenant_id = ?", [id])
            let userIDs = try tx.rows(
                """
                SELECT user_id FROM clients WHERE tenant_id = ?1 AND user_id IS NOT NULL
                UNION ALL SELECT user_id FROM coaches WHERE tenant_id = ?1 AND user_id IS NOT NULL
                """, [id]
            ).map { $0.int64(0) }
            try tx.run("DELETE FROM clients WHERE tenant_id = ?", [id])
            try tx.run("DELETE FROM coaches WHERE tenant_id = ?", [id])
            for userID in userIDs {
                try tx.run("DELETE FROM message_reads WHERE user_id = ?", [userID])
                try tx.run("DELETE FROM messages WHERE user_id = ?", [userID])
                try tx.run("DELETE FROM users WHERE id = ?", [userID])
            }
            try tx.run("DELETE FROM tenant_month_sessions WHERE tenant_id = ?", [id])
            try tx.run("UPDATE tenant_usage SET active_clients = 0, coaches = 0 WHERE tenant_id = ?", [id])
            var record = AuditRecord(action: "tenant.demo_data_reset", tenantID: id, targetType: "tenant", targetID: id)
            record.facts = [
                "clients": String(impact.clients), "coaches": String(impact.coaches), "sessions": String(impact.sessions),
                "users": String(userIDs.count),
            ]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try Limits.reevaluate(tx, tenantID: id, actor: actor, at: now)
            return impact
        }
    }

    /// GDPR anonymize, irreversible: replaces every personal-data field of the tenant's clients,
    /// coaches and users (and its contact person, free-text reasons and notes), disables its users'
    /// logins, and keeps every row, count and history for analytics. The audit chain is untouched (it
    /// holds no personal data); the notes beside it are scrubbed. Returns what was changed.
    @discardableResult
    public func anonymize(_ id: Int64, by actor: ActingUser) throws -> TenantImpact {
        try actor.require(.anonymizeTenants)
        return try context.write { tx, now in
            let tenant = try TenantStore.tenant(tx, id)
            guard tenant.anonymizedAt == nil else { throw DomainError.conflict("\(tenant.name) was already anonymized") }
            let impact = try TenantService.impact(tx, id)
            try tx.run(
                "UPDATE clients SET name = 'Client ' || id, email = NULL, phone = NULL, notes = NULL, updated_at = ? WHERE tenant_id = ?",
                [now, id])
            try tx.run(
                "UPDATE coaches SET name = 'Coach ' || id, email = NULL, phone = NULL, notes = NULL, updated_at = ? WHERE tenant_id = ?",
                [now, id])
            try tx.run(
                """
                UPDATE users SET email = 'user-' || id || '@anonymized.invalid', email_key = 'user-' || id || '@anonymized.invalid',
                    display_name = 'User ' || id, password_hash = NULL, must_change_password = 0, totp_secret = NULL,
                    totp_enabled = 0, totp_last_step = NULL, status = 'disabled'
                WHERE tenant_id = ?
                """, [id])
            let contactEmail = "tenant-\(id)@anonymized.invalid"
            try tx.run(
                """
                UPDATE tenants SET contact_name = 'Anonymized', contact_email = ?, contact_phone = NULL, search_text = ?,
                    status_reason = CASE WHEN status_reason IS NULL THEN NULL ELSE '[anonymized]' END, anonymized_at = ?
                WHERE id = ?
                """, [contactEmail, TenantStore.searchText(name: tenant.name, contactEmail: contactEmail), now, id])
            try tx.run(
                """
                UPDATE upgrade_requests SET reason = '[anonymized]',
                    decision_reason = CASE WHEN decision_reason IS NULL THEN NULL ELSE '[anonymized]' END
                WHERE tenant_id = ?
                """, [id])
            try tx.run("UPDATE feature_overrides SET note = '' WHERE tenant_id = ?", [id])
            // Provider-access reasons and API key names are free text too (ticket references are the
            // platform's own and stay); the keys stop working.
            try tx.run(
                """
                UPDATE impersonations SET reason = '[anonymized]',
                    elevation_reason = CASE WHEN elevation_reason IS NULL THEN NULL ELSE '[anonymized]' END
                WHERE tenant_id = ?
                """, [id])
            try tx.run(
                "UPDATE api_keys SET name = '[anonymized]', revoked_at = coalesce(revoked_at, ?) WHERE tenant_id = ?", [now, id])
            try tx.run("UPDATE audit_notes SET text = '[anonymized]' WHERE tenant_id = ? AND text <> '[anonymized]'", [id])
            var record = AuditRecord(action: "tenant.anonymized", tenantID: id, targetType: "tenant", targetID: id)
            record.changes = [.personal("contact_name"), .personal("contact_email"), .personal("contact_phone")]
            record.facts = [
                "clients": String(impact.clients), "coaches": String(impact.coaches), "users": String(impact.users),
                "audit_notes": String(impact.auditNotes),
            ]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return impact
        }
    }
}

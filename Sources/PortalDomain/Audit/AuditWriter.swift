/// Appends audit entries inside the caller's write transaction (so the entry commits or rolls back
/// with the change it describes). The only code path that writes `audit_entries`.
enum AuditWriter {
    /// Appends `record` for `actor` at `now` and returns the new entry's id.
    @discardableResult
    static func append(_ tx: SQLiteConnection, _ record: AuditRecord, actor: ActingUser, at now: Int64) throws -> Int64 {
        let last = try tx.row("SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1")
        let id = (last?.int64(0) ?? 0) + 1
        let previous = last?.string(1) ?? AuditChain.genesis
        let fields = AuditChain.Fields(
            id: id, createdAt: now, actorUserID: actor.userID, actorRole: actor.auditRole,
            impersonatorUserID: actor.impersonatorUserID, tenantID: record.tenantID, action: record.action,
            targetType: record.targetType, targetID: record.targetID, requestID: actor.requestID, ip: actor.ip,
            details: record.detailsJSON, noteHash: record.note.map(AuditChain.noteHash))
        let hash = AuditChain.hash(previous: previous, fields)
        try tx.run(
            """
            INSERT INTO audit_entries (id, created_at, actor_user_id, actor_role, impersonator_user_id, tenant_id, action,
                target_type, target_id, request_id, ip, details, note_hash, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                id, now, fields.actorUserID, fields.actorRole, fields.impersonatorUserID, fields.tenantID, fields.action,
                fields.targetType, fields.targetID, fields.requestID, fields.ip, fields.details, fields.noteHash, previous,
                hash,
            ])
        if let note = record.note {
            try tx.run("INSERT INTO audit_notes (entry_id, tenant_id, text) VALUES (?, ?, ?)", [id, record.tenantID, note])
        }
        return id
    }
}

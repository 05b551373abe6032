/// Reading the audit log: filtered pages (newest first, keyset pagination), chain verification,
/// display names, streaming CSV export. There is no update or delete path.
public struct AuditService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        e.id, e.created_at, e.actor_user_id, e.actor_role, e.impersonator_user_id, e.tenant_id, e.action, e.target_type,
        e.target_id, e.request_id, e.ip, e.details, n.text, e.hash
        """

    /// Maps one row of the selected columns to a `AuditEntry`.
    static func entry(_ row: Row) -> AuditEntry {
        let details = AuditRecord.decodeDetails(row.string(11))
        return AuditEntry(
            id: row.int64(0), createdAt: row.int64(1), actorUserID: row.optionalInt64(2), actorRole: row.string(3),
            impersonatorUserID: row.optionalInt64(4), tenantID: row.optionalInt64(5), action: row.string(6),
            targetType: row.optionalString(7), targetID: row.optionalInt64(8), requestID: row.optionalString(9),
            ip: row.optionalString(10), changes: details.changes, facts: details.facts, note: row.optionalString(12),
            hash: row.string(13))
    }

    /// The WHERE clause of a filter (over `audit_entries e`).
    static func filter(_ filter: AuditFilter) -> SQLWhere {
        var sql = SQLWhere()
        if let actor = filter.actorUserID { sql.add("(e.actor_user_id = ? OR e.impersonator_user_id = ?)", actor, actor) }
        if let tenantID = filter.tenantID { sql.add("e.tenant_id = ?", tenantID) }
        if let action = filter.action, !action.isEmpty {
            if action.hasSuffix(".") {
                sql.add("e.action >= ? AND e.action < ?", action, String(action.dropLast()) + "/")
            } else {
                sql.add("e.action = ?", action)
            }
        }
        if let from = filter.from { sql.add("e.created_at >= ?", from) }
        if let until = filter.until { sql.add("e.created_at < ?", until) }
        return sql
    }

    /// A page of entries matching `filter`, newest first, older than entry `before` (nil: the newest).
    public func page(_ filter: AuditFilter, before: Int64? = nil, limit: Int = 50, by actor: ActingUser) throws -> AuditPage {
        try actor.require(.readAudit)
        return try context.read { db, _ in try AuditService.page(db, filter, before: before, limit: min(max(limit, 1), 500)) }
    }

    /// `page` on the caller's connection (inside its read or write transaction).
    static func page(_ db: SQLiteConnection, _ filter: AuditFilter, before: Int64?, limit: Int) throws -> AuditPage {
        var sql = AuditService.filter(filter)
        if let before { sql.add("e.id < ?", before) }
        let rows = try db.rows(
            """
            SELECT \(columns) FROM audit_entries e LEFT JOIN audit_notes n ON n.entry_id = e.id
            \(sql.clause) ORDER BY e.id DESC LIMIT ?
            """, sql.arguments + [limit + 1])
        let entries = rows.prefix(limit).map(entry)
        return AuditPage(
            entries: Array(entries), nextBefore: rows.count > limit ? entries.last?.id : nil,
            names: try names(db, entries: Array(entries)))
    }

    /// How many entries match (for "N entries" above the list).
    public func count(_ filter: AuditFilter, by actor: ActingUser) throws -> Int {
        try actor.require(.readAudit)
        return try context.read { db, _ in
            let sql = AuditService.filter(filter)
            return Int(try db.int("SELECT count(*) FROM audit_entries e \(sql.clause)", sql.arguments) ?? 0)
        }
    }

    /// The distinct action names (the filter's choices).
    public func actions(by actor: ActingUser) throws -> [String] {
        try actor.require(.readAudit)
        return try context.read { db, _ in
            try db.rows("SELECT DISTINCT action FROM audit_entries ORDER BY action").map { $0.string(0) }
        }
    }

    /// Display names for the users and tenants that `entries` reference.
    static func names(_ db: SQLiteConnection, entries: [AuditEntry]) throws -> AuditNames {
        var userIDs = Set<Int64>()
        var tenantIDs = Set<Int64>()
        for entry in entries {
            if let id = entry.actorUserID { userIDs.insert(id) }
            if let id = entry.impersonatorUserID { userIDs.insert(id) }
            if let id = entry.tenantID { tenantIDs.insert(id) }
            if entry.targetType == "user", let id = entry.targetID { userIDs.insert(id) }
        }
        return try names(db, userIDs: userIDs, tenantIDs: tenantIDs)
    }

    /// `names` on the caller's connection (inside its read or write transaction).
    static func names(_ db: SQLiteConnection, userIDs: Set<Int64>, tenantIDs: Set<Int64>) throws -> AuditNames {
        var users: [Int64: String] = [:]
        for id in userIDs {
            if let row = try db.row("SELECT display_name, email FROM users WHERE id = ?", [id]) {
                users[id] = "\(row.string(0)) <\(row.string(1))>"
            }
        }
        var tenants: [Int64: String] = [:]
        for id in tenantIDs {
            if let name = try db.string("SELECT name FROM tenants WHERE id = ?", [id]) { tenants[id] = name }
        }
        return AuditNames(users: users, tenants: tenants)
    }

    /// Display names for arbitrary ids (the audit page's filter chips).
    public func names(userIDs: Set<Int64>, tenantIDs: Set<Int64>, by actor: ActingUser) throws -> AuditNames {
        try actor.require(.readAudit)
        return try context.read { db, _ in try AuditService.names(db, userIDs: userIDs, tenantIDs: tenantIDs) }
    }

    /// Walks the whole chain from the first entry: recomputes every hash and checks every link. Returns
    /// the first entry whose stored `prev_hash` or `hash` does not match, which names the edited (or the
    /// first entry after a deleted) row.
    public func verifyChain() throws -> AuditVerification {
        try context.read { db, now in try AuditService.verifyChain(db, now: now) }
    }

    /// `verifyChain` on the caller's connection (inside its read or write transaction).
    static func verifyChain(_ db: SQLiteConnection, now: Int64) throws -> AuditVerification {
        var expectedPrevious = AuditChain.genesis
        var checked = 0
        var broken: Int64?
        try db.each(
            """
            SELECT id, created_at, actor_user_id, actor_role, impersonator_user_id, tenant_id, action, target_type, target_id,
                request_id, ip, details, note_hash, prev_hash, hash
            FROM audit_entries ORDER BY id
            """
        ) { s in
            guard broken == nil else { return }
            checked += 1
            let fields = AuditChain.Fields(
                id: s.int64(0), createdAt: s.int64(1), actorUserID: s.optionalInt64(2), actorRole: s.string(3),
                impersonatorUserID: s.optionalInt64(4), tenantID: s.optionalInt64(5), action: s.string(6),
                targetType: s.optionalString(7), targetID: s.optionalInt64(8), requestID: s.optionalString(9),
                ip: s.optionalString(10), details: s.string(11), noteHash: s.optionalString(12))
            let storedPrevious = s.string(13)
            let storedHash = s.string(14)
            if storedPrevious != expectedPrevious || AuditChain.hash(previous: storedPrevious, fields) != storedHash {
                broken = fields.id
            }
            expectedPrevious = storedHash
        }
        return AuditVerification(checked: checked, firstBrokenID: broken, verifiedAt: now)
    }

    /// The last recorded chain verification (the daily job's), for the audit page.
    public func lastVerification() throws -> AuditVerification? {
        try context.read { db, _ in
            try db.row(
                "SELECT ok, result, checked_at FROM integrity_checks WHERE kind = 'audit_chain' ORDER BY id DESC LIMIT 1"
            ).map { row in
                let parts = row.string(1).split(separator: " ")
                let checked = parts.first.flatMap { Int($0) } ?? 0
                let broken = row.bool(0) ? nil : parts.last.flatMap { Int64($0) }
                return AuditVerification(checked: checked, firstBrokenID: broken, verifiedAt: row.int64(2))
            }
        }
    }
}

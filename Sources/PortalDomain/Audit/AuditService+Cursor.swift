/// Where the "Newer" link of an audit page leads.
public enum AuditNewerPage: Sendable, Equatable {
    /// The page shows the newest entries already: no link.
    case none
    /// The newest page (no cursor).
    case newest
    /// The page of entries older than this id (the `before` cursor).
    case before(Int64)
}

extension AuditService {
    /// The cursor of the page just newer than one whose newest entry is `firstID`, with pages of `limit`
    /// entries matching `filter`: the `limit` entries right after `firstID`, shown newest first, are the
    /// entries older than the (`limit` + 1)-th entry after it.
    public func newerPage(_ filter: AuditFilter, after firstID: Int64, limit: Int = 50, by actor: ActingUser) throws
        -> AuditNewerPage
    {
        try actor.require(.readAudit)
        let limit = min(max(limit, 1), 500)
        return try context.read { db, _ in
            var sql = AuditService.filter(filter)
            sql.add("e.id > ?", firstID)
            let ids = try db.rows(
                "SELECT e.id FROM audit_entries e \(sql.clause) ORDER BY e.id LIMIT 1 OFFSET ?", sql.arguments + [limit])
            if let cursor = ids.first?.int64(0) { return .before(cursor) }
            let newer = try db.int("SELECT 1 FROM audit_entries e \(sql.clause) LIMIT 1", sql.arguments)
            return newer == nil ? .none : .newest
        }
    }
}

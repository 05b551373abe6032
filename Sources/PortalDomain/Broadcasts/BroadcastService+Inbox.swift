extension BroadcastService {
    /// Who the inbox belongs to: the acting user's role, tenant and join time.
    private struct Reader {
        let userID: Int64
        let role: Role
        let tenantID: Int64
        let joinedAt: Int64
    }

    private static func reader(_ db: SQLiteConnection, _ actor: ActingUser) throws -> Reader {
        guard let userID = actor.userID, let user = try UserStore.user(db, id: userID), let tenantID = user.tenantID else {
            throw DomainError.notPermitted("only tenant users have an inbox")
        }
        return Reader(userID: userID, role: user.role, tenantID: tenantID, joinedAt: user.joinedAt)
    }

    /// The matching messages as a UNION of two indexed queries: platform broadcasts (partial index on
    /// `sent_at`) and the tenant's notices (index on `tenant_id, sent_at`).
    private static let inboxSQL = """
        SELECT m.id, m.kind, m.title, m.body_html, m.body_text, m.sent_at, r.read_at FROM messages m
        LEFT JOIN message_reads r ON r.message_id = m.id AND r.user_id = ?1
        WHERE m.tenant_id IS NULL AND m.status = 'sent' AND m.sent_at >= ?2 AND m.audience IN (?3, ?4) AND m.id < ?5
        UNION ALL
        SELECT m.id, m.kind, m.title, m.body_html, m.body_text, m.sent_at, r.read_at FROM messages m
        LEFT JOIN message_reads r ON r.message_id = m.id AND r.user_id = ?1
        WHERE m.tenant_id = ?6 AND m.sent_at >= ?2 AND m.audience IN (?3, ?4) AND (m.user_id IS NULL OR m.user_id = ?1)
            AND m.id < ?5
        ORDER BY 6 DESC, 1 DESC LIMIT ?7
        """

    private static let unreadSQL = """
        SELECT (SELECT count(*) FROM messages m
                WHERE m.tenant_id IS NULL AND m.status = 'sent' AND m.sent_at >= ?2 AND m.audience IN (?3, ?4)
                  AND NOT EXISTS (SELECT 1 FROM message_reads r WHERE r.user_id = ?1 AND r.message_id = m.id))
             + (SELECT count(*) FROM messages m
                WHERE m.tenant_id = ?5 AND m.sent_at >= ?2 AND m.audience IN (?3, ?4) AND (m.user_id IS NULL OR m.user_id = ?1)
                  AND NOT EXISTS (SELECT 1 FROM message_reads r WHERE r.user_id = ?1 AND r.message_id = m.id))
        """

    /// The acting tenant user's inbox, newest first, `limit` items before message id `before`.
    public func inbox(limit: Int = 20, before: Int64? = nil, by actor: ActingUser) throws -> Inbox {
        try actor.require(.readNotifications)
        return try context.read { db, _ in
            let reader = try BroadcastService.reader(db, actor)
            let audiences = Audience.values(reaching: reader.role)
            let rows = try db.rows(
                BroadcastService.inboxSQL,
                [reader.userID, reader.joinedAt, audiences[0], audiences[1], before ?? Int64.max, reader.tenantID, limit + 1])
            let items = rows.prefix(limit).map { row in
                InboxItem(
                    id: row.int64(0), kind: row.string(1), title: row.string(2), bodyHTML: row.string(3), bodyText: row.string(4),
                    sentAt: row.int64(5), readAt: row.optionalInt64(6))
            }
            let unread = try BroadcastService.unread(db, reader)
            return Inbox(items: Array(items), unread: unread, nextBefore: rows.count > limit ? items.last?.id : nil)
        }
    }

    /// The acting tenant user's unread count (the badge in the layout).
    public func unreadCount(by actor: ActingUser) throws -> Int {
        try actor.require(.readNotifications)
        return try context.read { db, _ in try BroadcastService.unread(db, try BroadcastService.reader(db, actor)) }
    }

    private static func unread(_ db: SQLiteConnection, _ reader: Reader) throws -> Int {
        let audiences = Audience.values(reaching: reader.role)
        return Int(
            try db.int(unreadSQL, [reader.userID, reader.joinedAt, audiences[0], audiences[1], reader.tenantID]) ?? 0)
    }

    /// Marks one message of the acting user's inbox read (idempotent; a message not in their inbox is
    /// not found).
    public func markRead(_ messageID: Int64, by actor: ActingUser) throws {
        try actor.require(.readNotifications)
        try context.write { tx, now in
            let reader = try BroadcastService.reader(tx, actor)
            let audiences = Audience.values(reaching: reader.role)
            let visible = try tx.int(
                """
                SELECT 1 FROM messages m WHERE m.id = ?1 AND m.status = 'sent' AND m.sent_at >= ?2 AND m.audience IN (?3, ?4)
                    AND ((m.tenant_id IS NULL) OR (m.tenant_id = ?5 AND (m.user_id IS NULL OR m.user_id = ?6)))
                """, [messageID, reader.joinedAt, audiences[0], audiences[1], reader.tenantID, reader.userID])
            guard visible != nil else { throw DomainError.notFound("message \(messageID)") }
            try tx.run(
                "INSERT INTO message_reads (user_id, message_id, read_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [reader.userID, messageID, now])
        }
    }

    /// Marks every message in the acting user's inbox read. Returns how many were unread.
    @discardableResult
    public func markAllRead(by actor: ActingUser) throws -> Int {
        try actor.require(.readNotifications)
        return try context.write { tx, now in
            let reader = try BroadcastService.reader(tx, actor)
            let audiences = Audience.values(reaching: reader.role)
            return try tx.run(
                """
                INSERT INTO message_reads (user_id, message_id, read_at)
                SELECT ?1, m.id, ?7 FROM messages m
                WHERE m.status = 'sent' AND m.sent_at >= ?2 AND m.audience IN (?3, ?4)
                    AND ((m.tenant_id IS NULL) OR (m.tenant_id = ?5 AND (m.user_id IS NULL OR m.user_id = ?6)))
                ON CONFLICT DO NOTHING
                """, [reader.userID, reader.joinedAt, audiences[0], audiences[1], reader.tenantID, reader.userID, now])
        }
    }
}

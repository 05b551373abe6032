import Foundation

/// Broadcasts (owner → audience) and notices (domain → a tenant or one user), and every user's inbox.
///
/// Sending is O(1): it marks the broadcast sent. A user's inbox is computed when read: the sent
/// broadcasts whose audience reaches their role and that were sent at or after they joined, plus the
/// notices for their tenant or for them, each LEFT JOINed with the user's read state.
public struct BroadcastService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        id, title, body_html, body_text, audience, status, created_by, created_at, updated_at, sent_by, sent_at, recipients
        """

    /// Maps one row of the selected columns to a `Broadcast`.
    static func broadcast(_ row: Row) -> Broadcast {
        Broadcast(
            id: row.int64(0), title: row.string(1), bodyHTML: row.string(2), bodyText: row.string(3),
            audience: Audience(rawValue: row.string(4)) ?? .all, status: BroadcastStatus(rawValue: row.string(5)) ?? .draft,
            createdBy: row.optionalInt64(6), createdAt: row.int64(7), updatedAt: row.int64(8), sentBy: row.optionalInt64(9),
            sentAt: row.optionalInt64(10), recipients: row.optionalInt64(11).map { Int($0) })
    }

    private static func load(_ db: SQLiteConnection, _ id: Int64) throws -> Broadcast {
        guard let row = try db.row("SELECT \(columns) FROM messages WHERE id = ? AND kind = 'broadcast'", [id]) else {
            throw DomainError.notFound("broadcast \(id)")
        }
        return broadcast(row)
    }

    private static func validate(_ draft: BroadcastDraft) throws -> BroadcastDraft {
        var v = Validator()
        let title = v.text("title", draft.title, label: "Title", max: 200)
        let trimmedBody = draft.bodyHTML.trimmingCharacters(in: .whitespacesAndNewlines)
        v.check(!PlainText.excerpt(trimmedBody).isEmpty, "body", "Message is required")
        v.check(trimmedBody.utf8.count <= 100_000, "body", "Message must be at most 100,000 bytes")
        try v.finish()
        return BroadcastDraft(title: title, bodyHTML: trimmedBody, audience: draft.audience)
    }

    /// Broadcasts (drafts or sent), most recently changed first.
    public func list(status: BroadcastStatus? = nil, page: Int = 1, perPage: Int = 50, by actor: ActingUser) throws
        -> Page<Broadcast>
    {
        try actor.require(.readPlatform)
        return try context.read { db, _ in
            var filter = SQLWhere()
            filter.add("kind = 'broadcast'")
            if let status { filter.add("status = ?", status) }
            let total = try db.int("SELECT count(*) FROM messages \(filter.clause)", filter.arguments) ?? 0
            let rows = try db.rows(
                """
                SELECT \(BroadcastService.columns) FROM messages \(filter.clause)
                ORDER BY status = 'sent', coalesce(sent_at, updated_at) DESC, id DESC LIMIT ? OFFSET ?
                """, filter.arguments + [perPage, Page<Broadcast>.offset(page: page, perPage: perPage)])
            return Page(items: rows.map(BroadcastService.broadcast), total: Int(total), page: max(1, page), perPage: perPage)
        }
    }

    /// One broadcast.
    public func get(_ id: Int64, by actor: ActingUser) throws -> Broadcast {
        try actor.require(.readPlatform)
        return try context.read { db, _ in try BroadcastService.load(db, id) }
    }

    /// Saves a new draft.
    public func createDraft(_ draft: BroadcastDraft, by actor: ActingUser) throws -> Broadcast {
        try actor.require(.manageBroadcasts)
        let clean = try BroadcastService.validate(draft)
        return try context.write { tx, now in
            let id = try tx.insert(
                """
                INSERT INTO messages (kind, audience, title, body_html, body_text, status, created_by, created_at, updated_at)
                VALUES ('broadcast', ?, ?, ?, ?, 'draft', ?, ?, ?)
                """, [clean.audience, clean.title, clean.bodyHTML, PlainText.excerpt(clean.bodyHTML), actor.userID, now, now])
            var record = AuditRecord(action: "broadcast.drafted", targetType: "broadcast", targetID: id)
            record.facts = ["audience": clean.audience.rawValue]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try BroadcastService.load(tx, id)
        }
    }

    /// Edits a draft (a sent broadcast cannot change).
    public func updateDraft(_ id: Int64, _ draft: BroadcastDraft, by actor: ActingUser) throws -> Broadcast {
        try actor.require(.manageBroadcasts)
        let clean = try BroadcastService.validate(draft)
        return try context.write { tx, now in
            let before = try BroadcastService.load(tx, id)
            guard before.status == .draft else { throw DomainError.conflict("a sent broadcast cannot be edited") }
            try tx.run(
                "UPDATE messages SET audience = ?, title = ?, body_html = ?, body_text = ?, updated_at = ? WHERE id = ?",
                [clean.audience, clean.title, clean.bodyHTML, PlainText.excerpt(clean.bodyHTML), now, id])
            var record = AuditRecord(action: "broadcast.edited", targetType: "broadcast", targetID: id)
            record.change("audience", before.audience.rawValue, clean.audience.rawValue)
            record.change(
                "title_sha256", ByteEncoding.hex(Crypto.sha256(before.title)), ByteEncoding.hex(Crypto.sha256(clean.title)))
            record.change(
                "body_sha256", ByteEncoding.hex(Crypto.sha256(before.bodyHTML)), ByteEncoding.hex(Crypto.sha256(clean.bodyHTML)))
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try BroadcastService.load(tx, id)
        }
    }

    /// Deletes a draft.
    public func deleteDraft(_ id: Int64, by actor: ActingUser) throws {
        try actor.require(.manageBroadcasts)
        try context.write { tx, now in
            let before = try BroadcastService.load(tx, id)
            guard before.status == .draft else { throw DomainError.conflict("a sent broadcast cannot be deleted") }
            try tx.run("DELETE FROM messages WHERE id = ?", [id])
            try AuditWriter.append(
                tx, AuditRecord(action: "broadcast.deleted", targetType: "broadcast", targetID: id), actor: actor, at: now)
        }
    }

    /// How many active users an audience reaches now (the send confirmation states it).
    public func recipientCount(_ audience: Audience, by actor: ActingUser) throws -> Int {
        try actor.require(.readPlatform)
        return try context.read { db, _ in try BroadcastService.recipientCount(db, audience) }
    }

    /// `recipientCount` on the caller's connection (inside its read or write transaction).
    static func recipientCount(_ db: SQLiteConnection, _ audience: Audience) throws -> Int {
        var total: Int64 = 0
        for role in audience.roles {
            total += try db.int("SELECT count(*) FROM users WHERE role = ? AND status = 'active'", [role]) ?? 0
        }
        return Int(total)
    }

    /// Sends a draft: one row update, whatever the audience's size. Recipients see it from now on.
    public func send(_ id: Int64, by actor: ActingUser) throws -> Broadcast {
        try actor.require(.manageBroadcasts)
        return try context.write { tx, now in
            let before = try BroadcastService.load(tx, id)
            guard before.status == .draft else { throw DomainError.conflict("broadcast \(id) was already sent") }
            let recipients = try BroadcastService.recipientCount(tx, before.audience)
            try tx.run(
                "UPDATE messages SET status = 'sent', sent_at = ?, sent_by = ?, recipients = ?, updated_at = ? WHERE id = ?",
                [now, actor.userID, recipients, now, id])
            var record = AuditRecord(action: "broadcast.sent", targetType: "broadcast", targetID: id)
            record.change("status", "draft", "sent")
            record.facts = ["audience": before.audience.rawValue, "recipients": String(recipients)]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try BroadcastService.load(tx, id)
        }
    }

    /// Posts a notice to a tenant's users of `audience` (or to one user): upgrade decisions,
    /// impersonation notices. Runs inside the caller's transaction.
    static func postNotice(
        _ tx: SQLiteConnection, tenantID: Int64, userID: Int64? = nil, audience: Audience, title: String, bodyHTML: String,
        at now: Int64
    ) throws {
        try tx.run(
            """
            INSERT INTO messages (kind, tenant_id, user_id, audience, title, body_html, body_text, status, created_at,
                updated_at, sent_at)
            VALUES ('notice', ?, ?, ?, ?, ?, ?, 'sent', ?, ?, ?)
            """, [tenantID, userID, audience, title, bodyHTML, PlainText.excerpt(bodyHTML), now, now, now])
    }

    /// Posts an in-app notice to one tenant user (the impersonation phase tells users they were viewed).
    /// `bodyHTML` must already be sanitized.
    public func notifyUser(_ userID: Int64, title: String, bodyHTML: String, by actor: ActingUser) throws {
        guard actor.role.isOwnerStaff || actor.isSystem else { throw DomainError.notPermitted("only the platform posts notices") }
        try context.write { tx, now in
            guard let user = try UserStore.user(tx, id: userID), let tenantID = user.tenantID else {
                throw DomainError.notFound("user \(userID)")
            }
            let audience: Audience =
                switch user.role {
                case .tenantAdmin: .tenantAdmins
                case .coach: .coaches
                default: .clients
                }
            try BroadcastService.postNotice(
                tx, tenantID: tenantID, userID: userID, audience: audience, title: title, bodyHTML: bodyHTML, at: now)
        }
    }
}

import Foundation

/// A tenant's clients or coaches (`portal.clients`, `portal.coaches`): list with search and pages,
/// add (limit-checked), edit, deactivate and reactivate (limit-checked).
///
/// Linkage to logins: a person with an e-mail gets a `users` row (role client/coach, same tenant, no
/// password until invited) when no account uses that address yet; otherwise the person is created
/// without a login (`userID == nil`), since e-mail addresses identify sign-ins platform-wide.
public struct PeopleService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext
    /// Clients or coaches.
    public let kind: PersonKind

    private var columns: String {
        "id, tenant_id, user_id, name, email, phone, notes, status, created_at, updated_at"
    }

    private func person(_ row: Row) -> Person {
        Person(
            id: row.int64(0), kind: kind, tenantID: row.int64(1), userID: row.optionalInt64(2), name: row.string(3),
            email: row.optionalString(4), phone: row.optionalString(5), notes: row.optionalString(6),
            status: PersonStatus(rawValue: row.string(7)) ?? .inactive, createdAt: row.int64(8), updatedAt: row.int64(9))
    }

    /// A page of the tenant's people, by name; `search` matches name or e-mail (case-insensitive).
    public func list(
        tenant tenantID: Int64, search: String? = nil, status: PersonStatus? = nil, page: Int = 1, perPage: Int = 50,
        by actor: ActingUser
    ) throws -> Page<Person> {
        try actor.requireRead(tenant: tenantID)
        let perPage = min(max(perPage, 1), 200)
        return try context.read { db, _ in
            var filter = SQLWhere()
            filter.add("tenant_id = ?", tenantID)
            if let status { filter.add("status = ?", status) }
            if let search = search?.trimmingCharacters(in: .whitespaces).lowercased(), !search.isEmpty {
                filter.add("(instr(lower(name), ?) > 0 OR instr(lower(coalesce(email, '')), ?) > 0)", search, search)
            }
            let total = try db.int("SELECT count(*) FROM \(kind.table) \(filter.clause)", filter.arguments) ?? 0
            let rows = try db.rows(
                "SELECT \(columns) FROM \(kind.table) \(filter.clause) ORDER BY name, id LIMIT ? OFFSET ?",
                filter.arguments + [perPage, Page<Person>.offset(page: page, perPage: perPage)])
            return Page(items: rows.map(person), total: Int(total), page: max(1, page), perPage: perPage)
        }
    }

    /// One person of the tenant (a foreign tenant's id is not found).
    public func get(_ id: Int64, tenant tenantID: Int64, by actor: ActingUser) throws -> Person {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, _ in try load(db, id, tenantID: tenantID) }
    }

    /// Loads one row by id; `notFound` when it is missing (or belongs to another tenant).
    func load(_ db: SQLiteConnection, _ id: Int64, tenantID: Int64) throws -> Person {
        guard let row = try db.row("SELECT \(columns) FROM \(kind.table) WHERE id = ? AND tenant_id = ?", [id, tenantID])
        else { throw DomainError.notFound("\(kind.rawValue) \(id)") }
        return person(row)
    }

    private func validate(_ draft: PersonDraft) throws -> PersonDraft {
        var v = Validator()
        let name = v.text("name", draft.name, label: "Name", max: 120)
        let email = v.optionalEmail("email", draft.email)
        let phone = v.optionalPhone("phone", draft.phone)
        let notes = v.optionalText("notes", draft.notes, label: "Notes", max: 2_000, multiline: true)
        try v.finish()
        return PersonDraft(name: name, email: email, phone: phone, notes: notes)
    }

    /// Adds an active client or coach. Refused with `limitExceeded` (nothing written) when the plan's
    /// limit is reached.
    public func add(tenant tenantID: Int64, _ draft: PersonDraft, by actor: ActingUser) throws -> Person {
        let clean = try validate(draft)
        return try context.write { tx, now in
            let tenant = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            try Limits.requireRoom(tx, tenant: tenant, kind: kind.limitKind, adding: 1, now: now)
            var userID: Int64?
            if let email = clean.email,
                try tx.int("SELECT 1 FROM users WHERE email_key = ?", [Validator.emailKey(email)]) == nil
            {
                userID = try UserStore.insert(
                    tx, email: email, displayName: clean.name, role: kind.role, tenantID: tenantID, passwordHash: nil,
                    mustChangePassword: false, at: now)
            }
            let id = try tx.insert(
                """
                INSERT INTO \(kind.table) (tenant_id, user_id, name, email, phone, notes, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)
                """, [tenantID, userID, clean.name, clean.email, clean.phone, clean.notes, now, now])
            try Limits.adjust(tx, tenantID: tenantID, kind.usageColumn, by: 1)
            var record = AuditRecord(
                action: "\(kind.rawValue).created", tenantID: tenantID, targetType: kind.rawValue, targetID: id)
            record.facts = ["login_user_id": userID.map { String($0) } ?? "none"]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try TenantStore.touch(tx, tenantID, at: now)
            try Limits.refreshPercent(tx, tenantID: tenantID, now: now)
            return try load(tx, id, tenantID: tenantID)
        }
    }

    /// Edits a person's details (the linked login's display name follows the name).
    public func update(_ id: Int64, tenant tenantID: Int64, _ draft: PersonDraft, by actor: ActingUser) throws -> Person {
        let clean = try validate(draft)
        return try context.write { tx, now in
            _ = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            let before = try load(tx, id, tenantID: tenantID)
            try tx.run(
                "UPDATE \(kind.table) SET name = ?, email = ?, phone = ?, notes = ?, updated_at = ? WHERE id = ?",
                [clean.name, clean.email, clean.phone, clean.notes, now, id])
            if let userID = before.userID, before.name != clean.name {
                try tx.run("UPDATE users SET display_name = ? WHERE id = ?", [clean.name, userID])
            }
            var record = AuditRecord(
                action: "\(kind.rawValue).updated", tenantID: tenantID, targetType: kind.rawValue, targetID: id)
            record.personal("name", before.name, clean.name)
            record.personal("email", before.email, clean.email)
            record.personal("phone", before.phone, clean.phone)
            record.personal("notes", before.notes, clean.notes)
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try TenantStore.touch(tx, tenantID, at: now)
            return try load(tx, id, tenantID: tenantID)
        }
    }

    /// Deactivates (frees a seat; its login is disabled) or reactivates (limit-checked) a person.
    public func setStatus(_ id: Int64, tenant tenantID: Int64, _ status: PersonStatus, by actor: ActingUser) throws -> Person {
        try context.write { tx, now in
            let tenant = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            let before = try load(tx, id, tenantID: tenantID)
            guard before.status != status else { return before }
            if status == .active { try Limits.requireRoom(tx, tenant: tenant, kind: kind.limitKind, adding: 1, now: now) }
            try tx.run("UPDATE \(kind.table) SET status = ?, updated_at = ? WHERE id = ?", [status, now, id])
            if let userID = before.userID {
                try tx.run(
                    "UPDATE users SET status = ? WHERE id = ?", [status == .active ? "active" : "disabled", userID])
            }
            try Limits.adjust(tx, tenantID: tenantID, kind.usageColumn, by: status == .active ? 1 : -1)
            var record = AuditRecord(
                action: "\(kind.rawValue).\(status == .active ? "reactivated" : "deactivated")", tenantID: tenantID,
                targetType: kind.rawValue, targetID: id)
            record.change("status", before.status.rawValue, status.rawValue)
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try TenantStore.touch(tx, tenantID, at: now)
            // Freeing a seat may bring an over-limit tenant back under its limits.
            try Limits.reevaluate(tx, tenantID: tenantID, actor: actor, at: now)
            return try load(tx, id, tenantID: tenantID)
        }
    }

    /// All active people of the tenant (for pickers such as the booking form), by name, at most `limit`.
    public func active(tenant tenantID: Int64, limit: Int = 500, by actor: ActingUser) throws -> [Person] {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, _ in
            try db.rows(
                "SELECT \(columns) FROM \(kind.table) WHERE tenant_id = ? AND status = 'active' ORDER BY name, id LIMIT ?",
                [tenantID, limit]
            ).map(person)
        }
    }
}

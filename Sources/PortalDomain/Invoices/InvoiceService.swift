import Foundation

/// Invoices: a tenant's list, the billing queue, paid/failed marks, and the month-end and overdue jobs.
public struct InvoiceService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// Days between issue and due date.
    public static let paymentTermDays: Int64 = 14

    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        i.id, i.tenant_id, t.name, i.plan_id, i.period, i.amount_minor, i.currency, i.status, i.issued_at, i.due_at, i.paid_at
        """

    /// Maps one row of the selected columns to a `Invoice`.
    static func invoice(_ row: Row) -> Invoice {
        Invoice(
            id: row.int64(0), tenantID: row.int64(1), tenantName: row.string(2), planID: row.optionalInt64(3),
            period: row.string(4), amount: Money(minorUnits: row.int64(5), currency: row.string(6)),
            status: InvoiceStatus(rawValue: row.string(7)) ?? .pending, issuedAt: row.int64(8), dueAt: row.int64(9),
            paidAt: row.optionalInt64(10))
    }

    /// A tenant's invoices, newest first.
    public func list(tenant tenantID: Int64, limit: Int = 24, by actor: ActingUser) throws -> [Invoice] {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, _ in try InvoiceService.list(db, tenantID: tenantID, limit: limit) }
    }

    /// `list` on the caller's connection (inside its read or write transaction).
    static func list(_ db: SQLiteConnection, tenantID: Int64, limit: Int) throws -> [Invoice] {
        try db.rows(
            """
            SELECT \(columns) FROM invoices i JOIN tenants t ON t.id = i.tenant_id
            WHERE i.tenant_id = ? ORDER BY i.period DESC, i.id DESC LIMIT ?
            """, [tenantID, limit]
        ).map(invoice)
    }

    /// Invoices in a status across tenants (billing ops' queue), oldest due first.
    public func list(status: InvoiceStatus, page: Int = 1, perPage: Int = 50, by actor: ActingUser) throws -> Page<Invoice> {
        try actor.require(.readPlatform)
        return try context.read { db, _ in
            let total = try db.int("SELECT count(*) FROM invoices WHERE status = ?", [status]) ?? 0
            let rows = try db.rows(
                """
                SELECT \(InvoiceService.columns) FROM invoices i JOIN tenants t ON t.id = i.tenant_id
                WHERE i.status = ? ORDER BY i.due_at, i.id LIMIT ? OFFSET ?
                """, [status, perPage, Page<Invoice>.offset(page: page, perPage: perPage)])
            return Page(items: rows.map(InvoiceService.invoice), total: Int(total), page: max(1, page), perPage: perPage)
        }
    }

    /// Marks an invoice paid (from pending, failed or overdue).
    public func markPaid(_ id: Int64, by actor: ActingUser) throws -> Invoice {
        try setStatus(id, .paid, by: actor)
    }

    /// Records a failed payment (from pending or overdue).
    public func markFailed(_ id: Int64, by actor: ActingUser) throws -> Invoice {
        try setStatus(id, .failed, by: actor)
    }

    private func setStatus(_ id: Int64, _ status: InvoiceStatus, by actor: ActingUser) throws -> Invoice {
        try actor.require(.manageInvoices)
        return try context.write { tx, now in
            guard
                let row = try tx.row(
                    "SELECT \(InvoiceService.columns) FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.id = ?", [id])
            else { throw DomainError.notFound("invoice \(id)") }
            let before = InvoiceService.invoice(row)
            guard before.status != .paid else { throw DomainError.conflict("invoice \(id) is already paid") }
            guard before.status != status else { return before }
            try tx.run(
                "UPDATE invoices SET status = ?, paid_at = ? WHERE id = ?", [status, status == .paid ? now : nil, id])
            var record = AuditRecord(
                action: "invoice.\(status.rawValue)", tenantID: before.tenantID, targetType: "invoice", targetID: id)
            record.change("status", before.status.rawValue, status.rawValue)
            record.facts = [
                "period": before.period, "amount_minor": String(before.amount.minorUnits), "currency": before.amount.currency,
            ]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return InvoiceService.invoice(
                try tx.row(
                    "SELECT \(InvoiceService.columns) FROM invoices i JOIN tenants t ON t.id = i.tenant_id WHERE i.id = ?", [id])!
            )
        }
    }

    /// Issues last month's invoice (UTC months, at the plan's price) to every active tenant that has
    /// none for it yet; idempotent, so the job may run hourly. Returns how many it issued.
    @discardableResult
    public func issueMonthEnd(by actor: ActingUser = .system("job:issue-invoices")) throws -> Int {
        try context.write { tx, now in
            let today = TimeZones.local(now, in: TimeZones.zoneOrUTC("UTC"))
            let lastMonth = TimeZones.addMonths(today.year * 100 + today.month, -1)
            let period = String(format: "%04d-%02d", lastMonth / 100, lastMonth % 100)
            let periodStart = TimeZones.startOfMonth(lastMonth, in: TimeZones.zoneOrUTC("UTC"))
            let due = now + InvoiceService.paymentTermDays * 86_400
            let tenants = try tx.rows(
                """
                SELECT t.id, p.id, p.price_minor, p.currency FROM tenants t JOIN plans p ON p.id = t.plan_id
                WHERE t.status = 'active' AND t.created_at < ? AND p.price_minor > 0
                    AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.tenant_id = t.id AND i.period = ?)
                """, [periodStart + 31 * 86_400, period])
            for row in tenants {
                let id = try tx.insert(
                    """
                    INSERT INTO invoices (tenant_id, plan_id, period, amount_minor, currency, status, issued_at, due_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
                    """, [row.int64(0), row.int64(1), period, row.int64(2), row.string(3), now, due])
                var record = AuditRecord(action: "invoice.issued", tenantID: row.int64(0), targetType: "invoice", targetID: id)
                record.facts = ["period": period, "amount_minor": String(row.int64(2)), "currency": row.string(3)]
                try AuditWriter.append(tx, record, actor: actor, at: now)
            }
            return tenants.count
        }
    }

    /// Marks pending invoices past their due date overdue. Returns how many.
    @discardableResult
    public func markOverdue(by actor: ActingUser = .system("job:mark-invoices-overdue")) throws -> Int {
        try context.write { tx, now in
            let rows = try tx.rows("SELECT id, tenant_id FROM invoices WHERE status = 'pending' AND due_at < ?", [now])
            for row in rows {
                try tx.run("UPDATE invoices SET status = 'overdue' WHERE id = ?", [row.int64(0)])
                var record = AuditRecord(
                    action: "invoice.overdue", tenantID: row.int64(1), targetType: "invoice", targetID: row.int64(0))
                record.change("status", "pending", "overdue")
                try AuditWriter.append(tx, record, actor: actor, at: now)
            }
            return rows.count
        }
    }
}

extension InvoiceService {
    /// Invoices of one status (or all), newest first, optionally only those since an instant: the owner's
    /// invoices view behind the dashboard's revenue card (`paid` since 30 days ago: the invoices the revenue
    /// figure adds up) and its failed-payment alerts. Paid invoices count from when they were paid, the others
    /// from when they were issued.
    public func recent(
        status: InvoiceStatus?, since: Int64? = nil, page: Int = 1, perPage: Int = 50, by actor: ActingUser
    ) throws -> Page<Invoice> {
        try actor.require(.readPlatform)
        let perPage = min(max(perPage, 1), 200)
        return try context.read { db, _ in
            var filter = SQLWhere()
            let time = status == .paid ? "i.paid_at" : "i.issued_at"
            if let status { filter.add("i.status = ?", status) }
            if let since { filter.add("\(time) >= ?", since) }
            let total = try db.int("SELECT count(*) FROM invoices i \(filter.clause)", filter.arguments) ?? 0
            let rows = try db.rows(
                """
                SELECT \(InvoiceService.columns) FROM invoices i JOIN tenants t ON t.id = i.tenant_id
                \(filter.clause) ORDER BY \(time) DESC, i.id DESC LIMIT ? OFFSET ?
                """, filter.arguments + [perPage, Page<Invoice>.offset(page: page, perPage: perPage)])
            return Page(items: rows.map(InvoiceService.invoice), total: Int(total), page: max(1, page), perPage: perPage)
        }
    }
}

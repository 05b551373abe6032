/// An invoice's state.
public enum InvoiceStatus: String, Sendable, CaseIterable, SQLBindable {
    /// Issued, not yet due.
    case pending
    /// Paid.
    case paid
    /// The payment attempt failed (an alert on the dashboard).
    case failed
    /// Past its due date unpaid.
    case overdue
}

/// A monthly invoice of a tenant.
public struct Invoice: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// The tenant.
    public let tenantID: Int64
    /// The tenant's name.
    public let tenantName: String
    /// The plan billed.
    public let planID: Int64?
    /// Billing month, `YYYY-MM` (UTC).
    public let period: String
    /// Amount.
    public let amount: Money
    /// State.
    public let status: InvoiceStatus
    /// Issued (UTC seconds).
    public let issuedAt: Int64
    /// Due (UTC seconds).
    public let dueAt: Int64
    /// Paid (UTC seconds).
    public let paidAt: Int64?
}

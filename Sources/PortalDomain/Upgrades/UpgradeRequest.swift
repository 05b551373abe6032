/// An upgrade request's state.
public enum UpgradeStatus: String, Sendable, CaseIterable, SQLBindable {
    /// Waiting for an owner (one per tenant at most).
    case pending
    /// Approved: the tenant is on the target plan.
    case approved
    /// Rejected with a reason shown to the tenant.
    case rejected
    /// Withdrawn by the tenant.
    case withdrawn
}

/// A tenant admin's request to move to another plan.
public struct UpgradeRequest: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// The tenant.
    public let tenantID: Int64
    /// The tenant's name.
    public let tenantName: String
    /// Plan at request time.
    public let fromPlanID: Int64
    /// Its name.
    public let fromPlanName: String
    /// Requested plan.
    public let toPlanID: Int64
    /// Its name.
    public let toPlanName: String
    /// The tenant's reason.
    public let reason: String
    /// State.
    public let status: UpgradeStatus
    /// The tenant admin who asked.
    public let requestedBy: Int64?
    /// UTC seconds.
    public let requestedAt: Int64
    /// The owner who decided.
    public let decidedBy: Int64?
    /// UTC seconds.
    public let decidedAt: Int64?
    /// The rejection reason (or the approver's note).
    public let decisionReason: String?
}

/// One row of the owner's upgrade queue: the request with the tenant's usage and recent history.
public struct UpgradeQueueItem: Sendable, Equatable {
    /// The request.
    public let request: UpgradeRequest
    /// The tenant's usage now.
    public let usage: TenantUsage
    /// Sessions per month, last six months (oldest first).
    public let history: [MonthlySessions]
}

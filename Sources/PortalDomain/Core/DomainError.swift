/// The one error type of the domain layer. `App/` maps each case to an HTTP status
/// (`limitExceeded` → 402, `notPermitted` → 403, `notFound` → 404, `invalid` → 422, `conflict` → 409,
/// `tenantInactive` → 403 with its own page).
public enum DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The thing does not exist, or the actor may not know it does (a foreign tenant's row).
    case notFound(String)
    /// The actor's role or tenant does not allow the action.
    case notPermitted(String)
    /// The action would take the tenant past a plan limit; nothing was written.
    case limitExceeded(LimitExceeded)
    /// Validation failed: field name → message, for per-field messages on the page.
    case invalid([String: String])
    /// The action contradicts the current state (one pending upgrade per tenant, plan in use, …).
    case conflict(String)
    /// The tenant is suspended or blocked: its users cannot change data (owner staff still can).
    case tenantInactive(TenantStatus)

    /// A one-field validation error.
    public static func invalid(_ field: String, _ message: String) -> DomainError {
        .invalid([field: message])
    }

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .notPermitted(let reason): "not permitted: \(reason)"
        case .limitExceeded(let limit): limit.description
        case .invalid(let fields):
            "invalid input: " + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        case .conflict(let message): "conflict: \(message)"
        case .tenantInactive(let status): "the tenant is \(status.rawValue): its data cannot be changed"
        }
    }
}

/// What a refused action would have exceeded: the server turns it into a 402 page with an upgrade path.
public struct LimitExceeded: Sendable, Equatable, CustomStringConvertible {
    /// The limit that would be exceeded.
    public let kind: LimitKind
    /// The plan's limit (in the kind's unit: count, sessions, bytes).
    public let limit: Int64
    /// Usage before the refused action.
    public let current: Int64
    /// What the action asked to add.
    public let requested: Int64
    /// The tenant's plan.
    public let planID: Int64
    /// The plan's name, for the message.
    public let planName: String
    /// The tenant.
    public let tenantID: Int64

    /// A refusal of `requested` more `kind` on top of `current` under `limit` of plan `planName`.
    public init(
        kind: LimitKind, limit: Int64, current: Int64, requested: Int64, planID: Int64, planName: String, tenantID: Int64
    ) {
        self.kind = kind
        self.limit = limit
        self.current = current
        self.requested = requested
        self.planID = planID
        self.planName = planName
        self.tenantID = tenantID
    }

    public var description: String {
        "plan limit reached: \(kind.label) \(current) of \(limit) on plan \(planName) (adding \(requested))"
    }
}

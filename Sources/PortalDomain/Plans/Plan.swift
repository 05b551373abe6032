/// A limit a plan sets.
public enum LimitKind: String, Sendable, CaseIterable, Codable {
    case clients
    case coaches
    case sessionsPerMonth = "sessions_per_month"
    case storage

    /// Human label.
    public var label: String {
        switch self {
        case .clients: "active clients"
        case .coaches: "coaches"
        case .sessionsPerMonth: "sessions this month"
        case .storage: "storage bytes"
        }
    }
}

/// A plan's limits; nil means unlimited.
public struct PlanLimits: Sendable, Equatable {
    /// Active clients.
    public var clients: Int64?
    /// Coaches.
    public var coaches: Int64?
    /// Sessions per month (in the tenant's time zone).
    public var sessionsPerMonth: Int64?
    /// Storage in GB (1 GB = 10⁹ bytes, as sold).
    public var storageGB: Int64?

    /// Limits; nil for unlimited.
    public init(clients: Int64?, coaches: Int64?, sessionsPerMonth: Int64?, storageGB: Int64?) {
        self.clients = clients
        self.coaches = coaches
        self.sessionsPerMonth = sessionsPerMonth
        self.storageGB = storageGB
    }

    /// Bytes in one GB of storage allowance.
    public static let bytesPerGB: Int64 = 1_000_000_000

    /// The limit for `kind` in its unit (storage in bytes), nil when unlimited.
    public func limit(_ kind: LimitKind) -> Int64? {
        switch kind {
        case .clients: clients
        case .coaches: coaches
        case .sessionsPerMonth: sessionsPerMonth
        case .storage: storageGB.map { $0 * PlanLimits.bytesPerGB }
        }
    }
}

/// A plan: price, limits and included features.
public struct Plan: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// Unique name (Starter, Pro, …).
    public let name: String
    /// Monthly price.
    public let price: Money
    /// Limits.
    public let limits: PlanLimits
    /// Included feature keys, sorted.
    public let features: [String]
    /// Position in lists (cheapest first).
    public let sortOrder: Int
    /// Tenants on the plan now.
    public let tenantCount: Int
    /// UTC seconds.
    public let createdAt: Int64
    /// UTC seconds.
    public let updatedAt: Int64
}

/// What a plan is created or edited from.
public struct PlanDraft: Sendable, Equatable {
    /// Unique name.
    public var name: String
    /// Monthly price in minor units.
    public var priceMinor: Int64
    /// ISO 4217 code.
    public var currency: String
    /// Limits (nil = unlimited).
    public var limits: PlanLimits
    /// Included feature keys.
    public var features: Set<String>
    /// Position in lists.
    public var sortOrder: Int

    /// A draft.
    public init(
        name: String, priceMinor: Int64, currency: String, limits: PlanLimits, features: Set<String>, sortOrder: Int = 0
    ) {
        self.name = name
        self.priceMinor = priceMinor
        self.currency = currency
        self.limits = limits
        self.features = features
        self.sortOrder = sortOrder
    }
}

/// Sort keys of the tenant directory.
public enum TenantSort: String, Sendable, CaseIterable {
    /// Name A–Z.
    case name
    /// Newest first by default.
    case created
    /// Most recently active first by default.
    case lastActivity = "activity"
    /// Most active clients first by default.
    case clients
    /// Highest usage percentage first by default.
    case usage
    /// Plan order, then name.
    case plan
    /// Status, then name.
    case status

    /// The direction used when the URL does not say.
    public var defaultDescending: Bool {
        switch self {
        case .name, .plan, .status: false
        case .created, .lastActivity, .clients, .usage: true
        }
    }
}

/// A tenant-directory query; every field lives in the page URL.
public struct TenantQuery: Sendable, Equatable {
    /// Case-insensitive substring of the name or contact e-mail.
    public var search: String?
    /// Status filter.
    public var status: TenantStatus?
    /// Plan filter.
    public var planID: Int64?
    /// Sort key.
    public var sort: TenantSort
    /// Direction; nil for the key's default.
    public var descending: Bool?
    /// 1-based page.
    public var page: Int
    /// Rows per page (50 on the page).
    public var perPage: Int

    /// A query; the defaults list everyone by name, 50 per page.
    public init(
        search: String? = nil, status: TenantStatus? = nil, planID: Int64? = nil, sort: TenantSort = .name,
        descending: Bool? = nil, page: Int = 1, perPage: Int = 50
    ) {
        self.search = search
        self.status = status
        self.planID = planID
        self.sort = sort
        self.descending = descending
        self.page = page
        self.perPage = perPage
    }
}

/// One row of the tenant directory with its quick stats.
public struct TenantListRow: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// Name.
    public let name: String
    /// Status.
    public let status: TenantStatus
    /// Block kind when blocked.
    public let blockKind: BlockKind?
    /// Plan id.
    public let planID: Int64
    /// Plan name.
    public let planName: String
    /// Contact e-mail.
    public let contactEmail: String
    /// Creation (UTC seconds).
    public let createdAt: Int64
    /// Last activity (UTC seconds).
    public let lastActivityAt: Int64?
    /// Trial end.
    public let trialEndsAt: Int64?
    /// Usage against limits (per-kind percentages via `usage.percent(_:)`).
    public let usage: TenantUsage
}

/// Everything the tenant detail page shows.
public struct TenantDetail: Sendable {
    /// The tenant.
    public let tenant: Tenant
    /// Usage against limits.
    public let usage: TenantUsage
    /// Sessions per month, last six months.
    public let history: [MonthlySessions]
    /// The first users (admins first), with the total.
    public let users: Page<User>
    /// Recent audit entries about the tenant, newest first, with display names.
    public let recentActivity: AuditPage
    /// Recent invoices, newest first.
    public let invoices: [Invoice]
    /// Every feature as the tenant gets it.
    public let features: [EffectiveFeature]
    /// The pending upgrade request, if any.
    public let pendingUpgrade: UpgradeRequest?
}

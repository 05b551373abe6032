/// A tenant's lifecycle status.
public enum TenantStatus: String, Sendable, CaseIterable, Codable, SQLBindable {
    /// Trying the product until `trialEndsAt`.
    case trial
    /// Paying customer.
    case active
    /// Temporarily disabled by the owner (billing, compliance): users cannot change data.
    case suspended
    /// Blocked: by the owner (`BlockKind.manual`: no changes at all) or automatically for being over a
    /// plan limit (`BlockKind.overLimit`: adds refused until the tenant fits again).
    case blocked

    /// Human label.
    public var label: String {
        switch self {
        case .trial: "Trial"
        case .active: "Active"
        case .suspended: "Suspended"
        case .blocked: "Blocked"
        }
    }
}

/// Why a tenant is blocked.
public enum BlockKind: String, Sendable, Codable, SQLBindable {
    /// An owner blocked it: its users cannot change anything and cannot be impersonated.
    case manual
    /// Its usage exceeds its plan's limits (after a downgrade or a lowered limit): every add is refused
    /// with `limitExceeded`; edits and removals still work so it can get back under. Lifted
    /// automatically when it fits again (upgrade approved, plan changed or edited, usage reduced).
    case overLimit = "over_limit"
}

/// A tenant (a studio renting the booking app).
public struct Tenant: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// Studio name.
    public let name: String
    /// Lifecycle status.
    public let status: TenantStatus
    /// Why it is blocked, when `status == .blocked`.
    public let blockKind: BlockKind?
    /// The reason given for the current suspension or block.
    public let statusReason: String?
    /// When the status last changed (UTC seconds).
    public let statusChangedAt: Int64?
    /// The plan.
    public let planID: Int64
    /// The plan's name.
    public let planName: String
    /// Contact person (personal data).
    public let contactName: String
    /// Contact e-mail (personal data).
    public let contactEmail: String
    /// Contact phone (personal data).
    public let contactPhone: String?
    /// IANA time zone: months for session limits and the tenant's pages use it.
    public let timeZone: String
    /// End of the trial (UTC seconds).
    public let trialEndsAt: Int64?
    /// When the trial was marked overdue by the job.
    public let trialOverdueAt: Int64?
    /// Creation (UTC seconds).
    public let createdAt: Int64
    /// Last change made by the tenant's users (UTC seconds).
    public let lastActivityAt: Int64?
    /// When it was GDPR-anonymized.
    public let anonymizedAt: Int64?

    /// True when the tenant's users may change data (not suspended, not manually blocked).
    public var acceptsChanges: Bool {
        switch status {
        case .trial, .active: true
        case .suspended: false
        case .blocked: blockKind == .overLimit
        }
    }
}

/// What a tenant is created from.
public struct TenantDraft: Sendable, Equatable {
    /// Studio name.
    public var name: String
    /// Plan.
    public var planID: Int64
    /// Contact person.
    public var contactName: String
    /// Contact e-mail.
    public var contactEmail: String
    /// Contact phone.
    public var contactPhone: String?
    /// IANA time zone.
    public var timeZone: String
    /// End of the trial; nil creates an active tenant.
    public var trialEndsAt: Int64?

    /// A draft.
    public init(
        name: String, planID: Int64, contactName: String, contactEmail: String, contactPhone: String? = nil,
        timeZone: String = "UTC", trialEndsAt: Int64? = nil
    ) {
        self.name = name
        self.planID = planID
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.timeZone = timeZone
        self.trialEndsAt = trialEndsAt
    }
}

/// Settings an owner admin (or the tenant admin, for their own tenant) may edit.
public struct TenantSettings: Sendable, Equatable {
    /// Studio name.
    public var name: String
    /// Contact person.
    public var contactName: String
    /// Contact e-mail.
    public var contactEmail: String
    /// Contact phone.
    public var contactPhone: String?
    /// IANA time zone.
    public var timeZone: String

    /// Settings.
    public init(name: String, contactName: String, contactEmail: String, contactPhone: String?, timeZone: String) {
        self.name = name
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.timeZone = timeZone
    }
}

/// How many records an action (reset demo data, anonymize) changes: the confirmation page shows it.
public struct TenantImpact: Sendable, Equatable {
    /// Clients (all, active and inactive).
    public let clients: Int
    /// Coaches.
    public let coaches: Int
    /// Training sessions.
    public let sessions: Int
    /// User accounts of the tenant (all roles).
    public let users: Int
    /// User accounts linked to clients and coaches (removed by a reset).
    public let clientAndCoachUsers: Int
    /// Invoices (kept by both actions).
    public let invoices: Int
    /// Audit notes about the tenant (scrubbed by anonymize).
    public let auditNotes: Int
}

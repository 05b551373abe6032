/// One audit log entry as pages show it.
public struct AuditEntry: Sendable, Equatable {
    /// Position in the chain.
    public let id: Int64
    /// UTC Unix seconds.
    public let createdAt: Int64
    /// The acting user (nil for the system).
    public let actorUserID: Int64?
    /// The actor's role, or `system`.
    public let actorRole: String
    /// The support agent behind an impersonated action.
    public let impersonatorUserID: Int64?
    /// The tenant concerned.
    public let tenantID: Int64?
    /// Dotted action name.
    public let action: String
    /// Kind of the changed thing.
    public let targetType: String?
    /// Id of the changed thing.
    public let targetID: Int64?
    /// The HTTP request id.
    public let requestID: String?
    /// The client IP.
    public let ip: String?
    /// Fields changed (before/after for non-personal fields).
    public let changes: [AuditChange]
    /// Extra facts (ids, counts, names of plans and features).
    public let facts: [String: String]
    /// The free-text note (reason), or `[anonymized]` after GDPR anonymize.
    public let note: String?
    /// This entry's chain hash (hex).
    public let hash: String
}

/// Filters of the audit page and its CSV export. Every field is optional; all given must match.
public struct AuditFilter: Sendable, Equatable {
    /// Entries by this user (as actor or as impersonator).
    public var actorUserID: Int64?
    /// Entries about this tenant.
    public var tenantID: Int64?
    /// An exact action (`tenant.suspended`) or a prefix ending with a dot (`tenant.`).
    public var action: String?
    /// From this instant (inclusive), UTC seconds.
    public var from: Int64?
    /// Until this instant (exclusive), UTC seconds.
    public var until: Int64?

    /// A filter; nil fields do not filter.
    public init(actorUserID: Int64? = nil, tenantID: Int64? = nil, action: String? = nil, from: Int64? = nil, until: Int64? = nil)
    {
        self.actorUserID = actorUserID
        self.tenantID = tenantID
        self.action = action
        self.from = from
        self.until = until
    }
}

/// A page of audit entries, newest first, with the cursor for the next (older) page.
public struct AuditPage: Sendable {
    /// Entries, newest first.
    public let entries: [AuditEntry]
    /// Pass as `before` to get the next page; nil on the last page.
    public let nextBefore: Int64?
    /// Display names for the ids in `entries` (users and tenants), from the scrubbable lookup.
    public let names: AuditNames
}

/// Display names beside audit entries. They come from the live users and tenants tables, which GDPR
/// anonymize scrubs, never from the chain.
public struct AuditNames: Sendable, Equatable {
    /// User id → display name (with e-mail).
    public let users: [Int64: String]
    /// Tenant id → tenant name.
    public let tenants: [Int64: String]

    /// The name for a user id, or `#id` for a user that no longer exists.
    public func user(_ id: Int64?) -> String? { id.map { users[$0] ?? "#\($0)" } }
    /// The name for a tenant id, or `#id`.
    public func tenant(_ id: Int64?) -> String? { id.map { tenants[$0] ?? "#\($0)" } }
}

/// The outcome of walking the hash chain.
public struct AuditVerification: Sendable, Equatable {
    /// Entries checked.
    public let checked: Int
    /// The first entry whose link or hash does not match, nil when the chain is intact.
    public let firstBrokenID: Int64?
    /// When it ran (UTC seconds).
    public let verifiedAt: Int64

    /// True when every link matched.
    public var isIntact: Bool { firstBrokenID == nil }
}

/// Who performs a state-changing call: the signed-in user (and, while impersonating, the support
/// agent behind them), with the request's id and IP for the audit entry.
///
/// The server builds it from the session; the domain trusts its fields and enforces the role and
/// tenant rules again (defence in depth).
public struct ActingUser: Sendable, Equatable {
    /// The user, nil for the system (jobs, CLI).
    public let userID: Int64?
    /// The user's role (the impersonated user's role while impersonating).
    public let role: Role
    /// The user's tenant for tenant roles.
    public let tenantID: Int64?
    /// The owner-staff user acting as `userID`, while impersonating.
    public let impersonatorUserID: Int64?
    /// The HTTP request id, for the audit entry.
    public let requestID: String?
    /// The client's IP, for the audit entry.
    public let ip: String?
    /// For system actors: what acts (`job:issue-invoices`, `cli:seed-demo`).
    public let systemName: String?

    /// A signed-in user. Tenant roles need `tenantID`; owner staff must not have one.
    public init(
        userID: Int64, role: Role, tenantID: Int64? = nil, impersonatorUserID: Int64? = nil, requestID: String? = nil,
        ip: String? = nil
    ) {
        precondition(role.isTenantRole == (tenantID != nil), "tenant roles have a tenant, owner staff do not")
        self.userID = userID
        self.role = role
        self.tenantID = tenantID
        self.impersonatorUserID = impersonatorUserID
        self.requestID = requestID
        self.ip = ip
        self.systemName = nil
    }

    private init(systemName: String) {
        self.userID = nil
        self.role = .ownerAdmin
        self.tenantID = nil
        self.impersonatorUserID = nil
        self.requestID = nil
        self.ip = nil
        self.systemName = systemName
    }

    private init(anonymousRequestID requestID: String?, ip: String?) {
        self.userID = nil
        self.role = .client
        self.tenantID = nil
        self.impersonatorUserID = nil
        self.requestID = requestID
        self.ip = ip
        self.systemName = nil
    }

    /// The system itself (a background job, a CLI command): owner-admin rights, audited as `system`.
    public static func system(_ name: String) -> ActingUser { ActingUser(systemName: name) }

    /// Someone not signed in (a failed sign-in): no capabilities, no tenant, audited as `anonymous`
    /// with the request's id and IP. Only the sign-in services audit as it.
    public static func anonymous(requestID: String?, ip: String?) -> ActingUser {
        ActingUser(anonymousRequestID: requestID, ip: ip)
    }

    /// True for the system actor.
    public var isSystem: Bool { systemName != nil }

    /// True for the anonymous actor of a failed sign-in.
    public var isAnonymous: Bool { userID == nil && systemName == nil }

    /// The role as the audit log records it (`system` for the system actor, `anonymous` before sign-in).
    public var auditRole: String { isSystem ? "system" : isAnonymous ? "anonymous" : role.rawValue }

    /// Throws `notPermitted` unless the role has `capability`.
    public func require(_ capability: Capability) throws(DomainError) {
        guard !isAnonymous, role.can(capability) else {
            throw DomainError.notPermitted(
                "\(isAnonymous ? "Anonymous" : role.label) may not \(capability.rawValue.replacingOccurrences(of: "_", with: " "))"
            )
        }
    }

    /// Throws unless the actor may read `tenantID`'s data: owner staff who can read the platform, or
    /// a user of that very tenant. A foreign tenant is reported as not found, so ids cannot be probed.
    public func requireRead(tenant tenantID: Int64) throws(DomainError) {
        if role.isOwnerStaff {
            try require(.readPlatform)
        } else {
            guard self.tenantID == tenantID else { throw DomainError.notFound("tenant \(tenantID)") }
            try require(.readOwnTenant)
        }
    }

    /// True when the actor works on the tenant side (tenant roles, or staff impersonating them).
    public var isTenantSide: Bool { role.isTenantRole }
}

/// Whether an impersonation may change data.
public enum ImpersonationMode: String, Sendable, CaseIterable, SQLBindable {
    /// The default: every write is refused with 403 `E_PERMISSION`.
    case readOnly = "read_only"
    /// After elevation (fresh TOTP code and a reason): writes allowed, except the routes refused while
    /// impersonating in any mode.
    case write
}

/// Why an impersonation ended.
public enum ImpersonationEndReason: String, Sendable, CaseIterable, SQLBindable {
    /// The staff member stopped it.
    case stopped
    /// Its time ran out.
    case expired
    /// An owner admin ended it.
    case endedByAdmin = "ended_by_admin"
    /// Impersonation was switched off in the configuration.
    case disabled

    /// Human label for the provider-access log.
    public var label: String {
        switch self {
        case .stopped: "Stopped"
        case .expired: "Expired"
        case .endedByAdmin: "Ended by an owner admin"
        case .disabled: "Ended: impersonation switched off"
        }
    }
}

/// One impersonation: a row of the provider-access log that the tenant sees.
public struct Impersonation: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// The studio.
    public let tenantID: Int64
    /// Its name.
    public let tenantName: String
    /// The support agent or owner admin.
    public let staffUserID: Int64
    /// Their display name.
    public let staffName: String
    /// The tenant user being viewed as.
    public let targetUserID: Int64
    /// Their display name (`#id` once the user was deleted by a demo reset).
    public let targetName: String
    /// Their role.
    public let targetRole: Role?
    /// The staff member's session it runs in (nil once that session is gone).
    public let sessionID: Int64?
    /// Why (required).
    public let reason: String
    /// The support ticket reference (required).
    public let ticket: String
    /// Read-only or write.
    public let mode: ImpersonationMode
    /// UTC seconds.
    public let startedAt: Int64
    /// When it ends on its own.
    public let expiresAt: Int64
    /// When it was elevated to write mode.
    public let elevatedAt: Int64?
    /// The reason given for elevating.
    public let elevationReason: String?
    /// When it ended, nil while it runs.
    public let endedAt: Int64?
    /// Why it ended.
    public let endReason: ImpersonationEndReason?
    /// Who ended it (the staff member, an owner admin), nil for expiry and the configuration switch.
    public let endedBy: Int64?
    /// Requests made while it ran.
    public let requests: Int

    /// True while it has not ended and its time has not run out.
    public func isRunning(at now: Int64) -> Bool { endedAt == nil && now < expiresAt }

    /// True once its time ran out but nobody has recorded the end yet (the next request or the job will).
    public func isOverdue(at now: Int64) -> Bool { endedAt == nil && now >= expiresAt }

    /// How long it lasted (so far), in seconds.
    public func duration(at now: Int64) -> Int64 { max(0, min(endedAt ?? now, expiresAt) - startedAt) }
}

/// What starting an impersonation needs.
public struct ImpersonationStart: Sendable, Equatable {
    /// The tenant user to view as.
    public var targetUserID: Int64
    /// The tenant the staff member picked the user from (the tenant page's); the user must belong to it.
    public var tenantID: Int64
    /// Why (required, ≤ 500 characters).
    public var reason: String
    /// The ticket reference (required, ≤ 64 characters).
    public var ticket: String
    /// Length in minutes (1…60).
    public var minutes: Int
    /// The staff member's session, so a session runs at most one impersonation.
    public var sessionID: Int64?

    /// A start request.
    public init(targetUserID: Int64, tenantID: Int64, reason: String, ticket: String, minutes: Int, sessionID: Int64?) {
        self.targetUserID = targetUserID
        self.tenantID = tenantID
        self.reason = reason
        self.ticket = ticket
        self.minutes = minutes
        self.sessionID = sessionID
    }
}

/// A running impersonation with the viewed user, as the session middleware attaches it to a request.
public struct ImpersonationView: Sendable {
    /// The impersonation.
    public let impersonation: Impersonation
    /// The viewed user now; nil when the user no longer exists.
    public let target: User?
    /// The time zone pages show the viewed user.
    public let timeZone: String
}

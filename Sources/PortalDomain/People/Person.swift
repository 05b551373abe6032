/// Which of a tenant's people a record is.
public enum PersonKind: String, Sendable, CaseIterable {
    /// Someone who books sessions.
    case client
    /// Someone who gives them.
    case coach

    /// The table.
    var table: String { self == .client ? "clients" : "coaches" }
    /// The usage counter and limit.
    var limitKind: LimitKind { self == .client ? .clients : .coaches }
    /// The usage column.
    var usageColumn: Limits.UsageColumn { self == .client ? .activeClients : .coaches }
    /// The login role.
    var role: Role { self == .client ? .client : .coach }
    /// Human label.
    var label: String { self == .client ? "Client" : "Coach" }
}

/// Whether a client or coach counts against the plan.
public enum PersonStatus: String, Sendable, CaseIterable, SQLBindable {
    /// Counts against the plan's limit and can be booked.
    case active
    /// Kept for history; does not count and cannot be booked.
    case inactive
}

/// A tenant's client or coach. Name, e-mail, phone and notes are personal data (GDPR anonymize
/// replaces them).
public struct Person: Sendable, Equatable {
    /// Id (unique per kind).
    public let id: Int64
    /// Client or coach.
    public let kind: PersonKind
    /// The tenant.
    public let tenantID: Int64
    /// The linked login, if the person can sign in.
    public let userID: Int64?
    /// Full name.
    public let name: String
    /// E-mail.
    public let email: String?
    /// Phone.
    public let phone: String?
    /// Free notes.
    public let notes: String?
    /// Active or inactive.
    public let status: PersonStatus
    /// UTC seconds.
    public let createdAt: Int64
    /// UTC seconds.
    public let updatedAt: Int64
}

/// What a client or coach is added or edited from.
public struct PersonDraft: Sendable, Equatable {
    /// Full name (required).
    public var name: String
    /// E-mail (optional; with one, a login is created when the address is not taken).
    public var email: String?
    /// Phone.
    public var phone: String?
    /// Notes.
    public var notes: String?

    /// A draft.
    public init(name: String, email: String? = nil, phone: String? = nil, notes: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.notes = notes
    }
}

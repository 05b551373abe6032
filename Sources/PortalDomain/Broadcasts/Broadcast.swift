/// Who a broadcast or notice is for.
public enum Audience: String, Sendable, CaseIterable, SQLBindable {
    /// Every tenant user (tenant admins, coaches and clients).
    case all
    /// Tenant owners/admins.
    case tenantAdmins = "tenant_admins"
    /// Coaches.
    case coaches
    /// Clients.
    case clients

    /// The roles it reaches.
    public var roles: [Role] {
        switch self {
        case .all: [.tenantAdmin, .coach, .client]
        case .tenantAdmins: [.tenantAdmin]
        case .coaches: [.coach]
        case .clients: [.client]
        }
    }

    /// The audience values that reach `role` (every role is reached by `all` and its own audience).
    static func values(reaching role: Role) -> [String] {
        switch role {
        case .tenantAdmin: [Audience.all.rawValue, Audience.tenantAdmins.rawValue]
        case .coach: [Audience.all.rawValue, Audience.coaches.rawValue]
        case .client: [Audience.all.rawValue, Audience.clients.rawValue]
        case .ownerAdmin, .support, .billingOps, .readOnly: []
        }
    }

    /// Human label.
    public var label: String {
        switch self {
        case .all: "All users"
        case .tenantAdmins: "Tenant owners"
        case .coaches: "Coaches"
        case .clients: "Clients"
        }
    }
}

/// A broadcast's state.
public enum BroadcastStatus: String, Sendable, SQLBindable {
    /// Being written.
    case draft
    /// Sent: in recipients' inboxes, no longer editable.
    case sent
}

/// A platform-wide message from the owner to an audience.
public struct Broadcast: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// Title.
    public let title: String
    /// Body as sanitized HTML (the server sanitizes it before calling the domain).
    public let bodyHTML: String
    /// Plain-text excerpt of the body (lists, previews).
    public let bodyText: String
    /// Audience.
    public let audience: Audience
    /// Draft or sent.
    public let status: BroadcastStatus
    /// Author.
    public let createdBy: Int64?
    /// UTC seconds.
    public let createdAt: Int64
    /// UTC seconds.
    public let updatedAt: Int64
    /// Sender.
    public let sentBy: Int64?
    /// UTC seconds.
    public let sentAt: Int64?
    /// Recipients counted at send time.
    public let recipients: Int?
}

/// What a broadcast draft holds.
public struct BroadcastDraft: Sendable, Equatable {
    /// Title (required, ≤ 200 characters).
    public var title: String
    /// Sanitized HTML body (required, ≤ 100,000 bytes).
    public var bodyHTML: String
    /// Audience.
    public var audience: Audience

    /// A draft.
    public init(title: String, bodyHTML: String, audience: Audience) {
        self.title = title
        self.bodyHTML = bodyHTML
        self.audience = audience
    }
}

/// One message in a user's inbox: a broadcast or a notice to their tenant or to them.
public struct InboxItem: Sendable, Equatable {
    /// Message id (for `markRead`).
    public let id: Int64
    /// `broadcast` or `notice`.
    public let kind: String
    /// Title.
    public let title: String
    /// Sanitized HTML body.
    public let bodyHTML: String
    /// Plain excerpt.
    public let bodyText: String
    /// UTC seconds.
    public let sentAt: Int64
    /// When the user read it.
    public let readAt: Int64?

    /// True when read.
    public var isRead: Bool { readAt != nil }
}

/// A page of a user's inbox with their unread count.
public struct Inbox: Sendable, Equatable {
    /// Newest first.
    public let items: [InboxItem]
    /// Unread messages in the whole inbox.
    public let unread: Int
    /// Pass as `before` for the next page; nil on the last.
    public let nextBefore: Int64?
}

/// What an API key may do. A request needs the scope of its route (`GET /api/v1/clients` needs
/// `clients:read`); a key without it gets 403 `E_PERMISSION`.
public enum APIScope: String, Sendable, CaseIterable, Comparable {
    /// List and search the studio's clients.
    case clientsRead = "clients:read"
    /// Add clients (limit-checked like the page).
    case clientsWrite = "clients:write"
    /// Read the plan's limits and the usage against them.
    case usageRead = "usage:read"
    /// Read the key creator's notifications.
    case notificationsRead = "notifications:read"

    /// What the scope allows, for the key form.
    public var summary: String {
        switch self {
        case .clientsRead: "List and search clients"
        case .clientsWrite: "Add clients"
        case .usageRead: "Read plan limits and usage"
        case .notificationsRead: "Read your notifications"
        }
    }

    /// Position in `allCases`, the order pages list scopes in.
    private var rank: Int {
        switch self {
        case .clientsRead: 0
        case .clientsWrite: 1
        case .usageRead: 2
        case .notificationsRead: 3
        }
    }

    public static func < (lhs: APIScope, rhs: APIScope) -> Bool { lhs.rank < rhs.rank }
}

/// A studio's API key as the settings page lists it. The secret itself is shown once at creation and
/// only its HMAC is stored.
public struct APIKey: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// The studio.
    public let tenantID: Int64
    /// A name the admin chose ("Website booking widget").
    public let name: String
    /// The first characters of the secret (`opk_AbCdEf…`), so a key can be recognised.
    public let hint: String
    /// What it may do.
    public let scopes: [APIScope]
    /// The tenant admin who created it; requests with the key act as them.
    public let createdBy: Int64
    /// Their display name.
    public let createdByName: String
    /// UTC seconds.
    public let createdAt: Int64
    /// Last authenticated request (recorded at most once a minute), nil if never used.
    public let lastUsedAt: Int64?
    /// When it was revoked, nil while it works.
    public let revokedAt: Int64?

    /// True until revoked.
    public var isActive: Bool { revokedAt == nil }
}

/// A key just created: the record and the secret, which exists nowhere else afterwards.
public struct CreatedAPIKey: Sendable {
    /// The stored key.
    public let key: APIKey
    /// The secret to show once (`opk_` and 43 base64url characters).
    public let secret: String
}

/// A request's key, accepted: who it acts as and the studio it belongs to.
public struct APIKeyGrant: Sendable {
    /// The key.
    public let key: APIKey
    /// The studio now (its status decides whether the request may proceed).
    public let tenant: Tenant
    /// The creator's role (a tenant admin).
    public let role: Role

    /// The domain actor of a request made with the key: its creator, with the request's id and IP.
    public func actor(requestID: String?, ip: String?) -> ActingUser {
        ActingUser(userID: key.createdBy, role: role, tenantID: key.tenantID, requestID: requestID, ip: ip)
    }

    /// True when the key carries `scope`.
    public func allows(_ scope: APIScope) -> Bool { key.scopes.contains(scope) }
}

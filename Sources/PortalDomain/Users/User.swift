/// Whether a user can sign in.
public enum UserStatus: String, Sendable, Codable, SQLBindable {
    case active
    case disabled
}

/// A user account (owner staff or a tenant's user).
public struct User: Sendable, Equatable {
    /// Id.
    public let id: Int64
    /// E-mail as entered (unique case-insensitively).
    public let email: String
    /// Name shown in the portal.
    public let displayName: String
    /// Role.
    public let role: Role
    /// The tenant, for tenant roles.
    public let tenantID: Int64?
    /// Active or disabled.
    public let status: UserStatus
    /// Account creation (UTC seconds).
    public let createdAt: Int64
    /// When the user joined: broadcasts sent before it are not in their inbox.
    public let joinedAt: Int64
    /// True when a password is set (thousands of seeded users have none until invited).
    public let hasPassword: Bool
    /// The password must be changed at the next sign-in.
    public let mustChangePassword: Bool
    /// TOTP second factor enrolled and confirmed.
    public let totpEnabled: Bool
}

/// What the sign-in phase needs about a user: the stored password hash and TOTP state.
public struct UserCredentials: Sendable {
    /// The user.
    public let user: User
    /// `PasswordHasher` string, nil when no password is set.
    public let passwordHash: String?
    /// Last TOTP time step accepted (a step is never accepted twice).
    public let totpLastStep: Int64?
}

/// Everyone who signs in has one role. Owner staff run the platform; tenant roles belong to one tenant.
public enum Role: String, Sendable, CaseIterable, Codable, SQLBindable {
    case ownerAdmin = "owner_admin"
    case support
    case billingOps = "billing_ops"
    case readOnly = "read_only"
    case tenantAdmin = "tenant_admin"
    case coach
    case client

    /// True for the platform owner's staff (no tenant).
    public var isOwnerStaff: Bool {
        switch self {
        case .ownerAdmin, .support, .billingOps, .readOnly: true
        case .tenantAdmin, .coach, .client: false
        }
    }

    /// True for a tenant's users.
    public var isTenantRole: Bool { !isOwnerStaff }

    /// Human label for pages.
    public var label: String {
        switch self {
        case .ownerAdmin: "Owner admin"
        case .support: "Support"
        case .billingOps: "Billing ops"
        case .readOnly: "Read-only"
        case .tenantAdmin: "Tenant admin"
        case .coach: "Coach"
        case .client: "Client"
        }
    }

    /// What this role may do (the table in docs/domain.md).
    public var capabilities: Set<Capability> {
        switch self {
        case .ownerAdmin: Set(Capability.allCases.filter(\.isOwnerSide))
        case .support: [.readPlatform, .readAudit, .impersonate, .resetDemoData, .manageBroadcasts]
        case .billingOps:
            [.readPlatform, .readAudit, .managePlans, .decideUpgrades, .manageInvoices, .suspendTenants, .manageFeatures]
        case .readOnly: [.readPlatform, .readAudit]
        case .tenantAdmin: [.readOwnTenant, .manageOwnTenant, .requestUpgrade, .readNotifications]
        case .coach, .client: [.readOwnTenant, .readNotifications]
        }
    }

    /// True when the role has `capability`.
    public func can(_ capability: Capability) -> Bool { capabilities.contains(capability) }
}

/// One thing a role may do. The server's route policy and the domain's own checks use the same table.
public enum Capability: String, Sendable, CaseIterable {
    /// Read every tenant, plan, upgrade, broadcast, metric and the health page.
    case readPlatform = "read_platform"
    /// Read and export the audit log.
    case readAudit = "read_audit"
    /// Suspend and reactivate tenants.
    case suspendTenants = "suspend_tenants"
    /// Block tenants (and lift a manual block).
    case blockTenants = "block_tenants"
    /// Wipe a tenant's clients, coaches and sessions.
    case resetDemoData = "reset_demo_data"
    /// GDPR-anonymize a tenant (irreversible).
    case anonymizeTenants = "anonymize_tenants"
    /// Create tenants and edit their settings (contacts, time zone, trial end).
    case manageTenants = "manage_tenants"
    /// Per-tenant feature overrides and the feature catalogue.
    case manageFeatures = "manage_features"
    /// Create, edit and delete plans; change a tenant's plan directly.
    case managePlans = "manage_plans"
    /// Approve or reject upgrade requests.
    case decideUpgrades = "decide_upgrades"
    /// Mark invoices paid or failed.
    case manageInvoices = "manage_invoices"
    /// Draft and send broadcasts.
    case manageBroadcasts = "manage_broadcasts"
    /// Impersonate tenant users (the impersonation phase uses it).
    case impersonate
    /// Create and disable owner staff accounts.
    case manageStaff = "manage_staff"
    /// Read one's own tenant (plan, usage).
    case readOwnTenant = "read_own_tenant"
    /// Add and edit one's own tenant's clients, coaches and sessions.
    case manageOwnTenant = "manage_own_tenant"
    /// Submit an upgrade request for one's own tenant.
    case requestUpgrade = "request_upgrade"
    /// Read one's notifications.
    case readNotifications = "read_notifications"

    /// True for capabilities of owner staff.
    public var isOwnerSide: Bool {
        switch self {
        case .readOwnTenant, .manageOwnTenant, .requestUpgrade, .readNotifications: false
        default: true
        }
    }
}

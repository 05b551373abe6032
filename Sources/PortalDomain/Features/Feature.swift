/// A feature of the booking app that plans include and overrides switch per tenant.
public struct Feature: Sendable, Equatable {
    /// Stable key (`marketing_automation`).
    public let key: String
    /// Display name.
    public let name: String
    /// One sentence for the owner.
    public let description: String
}

/// A per-tenant override of a plan default.
public struct FeatureOverride: Sendable, Equatable {
    /// The tenant.
    public let tenantID: Int64
    /// The feature.
    public let featureKey: String
    /// On or off regardless of the plan.
    public let enabled: Bool
    /// Why (a deal, a beta).
    public let note: String
    /// After this instant the plan default returns (UTC seconds); nil = until removed.
    public let expiresAt: Int64?
    /// Who set it.
    public let createdBy: Int64?
    /// When.
    public let createdAt: Int64
}

/// What an owner sets for a tenant's feature.
public enum OverrideState: String, Sendable, CaseIterable {
    /// Force on.
    case on
    /// Force off.
    case off
    /// Remove the override: the plan decides.
    case planDefault = "default"
}

/// A feature as one tenant gets it: plan default, override, and the outcome.
public struct EffectiveFeature: Sendable, Equatable {
    /// The feature.
    public let feature: Feature
    /// What the tenant's plan says.
    public let planDefault: Bool
    /// The live override, if any (expired ones are ignored even before the job removes them).
    public let override: FeatureOverride?
    /// The outcome.
    public let enabled: Bool
}

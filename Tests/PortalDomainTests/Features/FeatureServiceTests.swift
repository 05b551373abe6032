import Testing

@testable import PortalDomain

@Suite struct FeatureServiceTests {
    @Test func overridesBeatPlanDefaultsUntilTheyExpire() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        #expect(try f.portal.features.isEnabled("online_booking", tenant: tenant.id))
        #expect(try !f.portal.features.isEnabled("marketing_automation", tenant: tenant.id))
        try f.portal.features.setOverride(
            tenant: tenant.id, feature: "marketing_automation", state: .on, note: "Beta tester",
            expiresAt: f.clock.seconds + 3_600, by: f.owner)
        try f.portal.features.setOverride(
            tenant: tenant.id, feature: "online_booking", state: .off, note: "Custom deal", by: f.billing)
        #expect(try f.portal.features.isEnabled("marketing_automation", tenant: tenant.id))
        #expect(try !f.portal.features.isEnabled("online_booking", tenant: tenant.id))
        let effective = try f.portal.features.effectiveFeatures(tenant: tenant.id, by: admin)
        let marketing = try #require(effective.first { $0.feature.key == "marketing_automation" })
        #expect(!marketing.planDefault && marketing.enabled && marketing.override?.note == "Beta tester")
        // After the expiry the plan default returns at once, and the job removes the override (audited).
        f.clock.advance(by: 3_601)
        #expect(try !f.portal.features.isEnabled("marketing_automation", tenant: tenant.id))
        #expect(try f.portal.features.expireOverrides() == 1)
        #expect(try f.portal.features.overrides(tenant: tenant.id, by: f.owner).map(\.featureKey) == ["online_booking"])
        #expect(try f.lastAudit()?.action == "feature_override.expired")
        // Back to the plan default explicitly.
        try f.portal.features.setOverride(tenant: tenant.id, feature: "online_booking", state: .planDefault, by: f.owner)
        #expect(try f.portal.features.isEnabled("online_booking", tenant: tenant.id))
    }

    @Test func overridesAreValidatedAndRoleChecked() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        #expect(throws: DomainError.self) {
            try f.portal.features.setOverride(tenant: tenant.id, feature: "reports", state: .on, by: f.support)
        }
        #expect(throws: DomainError.self) {
            try f.portal.features.setOverride(tenant: tenant.id, feature: "reports", state: .on, by: admin)
        }
        #expect(throws: DomainError.notFound("feature nope")) {
            try f.portal.features.setOverride(tenant: tenant.id, feature: "nope", state: .on, by: f.owner)
        }
        #expect(throws: DomainError.self) {
            try f.portal.features.setOverride(
                tenant: tenant.id, feature: "reports", state: .on, expiresAt: f.clock.seconds - 1, by: f.owner)
        }
        #expect(throws: DomainError.self) {
            _ = try f.portal.features.define(key: "Bad Key", name: "x", description: "", by: f.owner)
        }
    }
}

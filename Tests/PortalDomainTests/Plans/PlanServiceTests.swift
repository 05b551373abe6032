import Testing

@testable import PortalDomain

@Suite struct PlanServiceTests {
    @Test func planInUseCannotBeDeleted() throws {
        let f = try PortalFixture()
        _ = try f.tenant()
        #expect(throws: DomainError.self) { try f.portal.plans.delete(f.starter.id, by: f.owner) }
        try f.portal.plans.delete(f.unlimited.id, by: f.billing)
        #expect(try f.portal.plans.list().map(\.name) == ["Starter", "Pro"])
        #expect(try f.lastAudit()?.action == "plan.deleted")
    }

    @Test func editsAreValidatedAndAuditedWithBeforeAndAfter() throws {
        let f = try PortalFixture()
        var draft = PlanDraft(
            name: "Pro", priceMinor: 19_900, currency: "eur",
            limits: PlanLimits(clients: 12, coaches: 5, sessionsPerMonth: nil, storageGB: 10),
            features: ["online_booking", "reports", "marketing_automation"], sortOrder: 2)
        let updated = try f.portal.plans.update(f.pro.id, draft, by: f.billing)
        #expect(updated.price == Money(minorUnits: 19_900, currency: "EUR") && updated.limits.sessionsPerMonth == nil)
        let entry = try #require(try f.lastAudit())
        #expect(entry.changes.contains(.value("price_minor", "14900", "19900")))
        #expect(entry.changes.contains(.value("max_clients", "10", "12")))
        #expect(entry.changes.contains(.value("max_sessions_per_month", "20", "unlimited")))
        draft.name = "starter"
        draft.currency = "EURO"
        draft.features = ["teleportation"]
        let error = try #require(throws: DomainError.self) { _ = try f.portal.plans.update(f.pro.id, draft, by: f.owner) }
        guard case .invalid(let fields) = error else {
            Issue.record("expected invalid")
            return
        }
        #expect(Set(fields.keys) == ["name", "currency", "features"])
        #expect(throws: DomainError.self) { _ = try f.portal.plans.update(f.pro.id, draft, by: f.viewer) }
    }
}

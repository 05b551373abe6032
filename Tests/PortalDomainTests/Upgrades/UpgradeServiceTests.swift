import Testing

@testable import PortalDomain

@Suite struct UpgradeServiceTests {
    @Test func oneRequestIsPendingPerTenant() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        _ = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.pro.id, reason: "More clients", by: admin)
        #expect(throws: DomainError.self) {
            _ = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.unlimited.id, reason: "Even more", by: admin)
        }
        #expect(throws: DomainError.self) {
            _ = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.starter.id, reason: "Same plan", by: admin)
        }
        #expect(throws: DomainError.invalid("reason", "Reason is required")) {
            _ = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.pro.id, reason: "", by: admin)
        }
        let other = try f.tenant("Other Studio")
        #expect(throws: DomainError.self) {
            _ = try f.portal.upgrades.submit(tenant: other.tenant.id, toPlan: f.pro.id, reason: "Not mine", by: admin)
        }
        #expect(try f.portal.upgrades.pending(by: f.viewer).count == 1)
    }

    @Test func approvalChangesThePlanNotifiesAndReevaluates() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        try f.clients(3, tenant: tenant.id, admin: admin)
        #expect(throws: DomainError.self) {
            _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "Fourth"), by: admin)
        }
        let request = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.pro.id, reason: "Turning people away", by: admin)
        let queue = try f.portal.upgrades.pending(by: f.owner)
        #expect(queue.first?.usage.activeClients == 3 && queue.first?.history.count == 6)
        #expect(throws: DomainError.self) { _ = try f.portal.upgrades.approve(request.id, by: f.support) }
        let approved = try f.portal.upgrades.approve(request.id, by: f.billing)
        #expect(approved.status == .approved && approved.decidedBy == f.billing.userID)
        #expect(try f.portal.tenants.get(tenant.id, by: f.owner).planID == f.pro.id)
        #expect(try f.portal.usage.usage(tenant: tenant.id, by: admin).percent(.clients) == 30)
        let inbox = try f.portal.broadcasts.inbox(by: admin)
        #expect(inbox.unread == 1 && inbox.items.first?.title == "Your plan is now Pro")
        _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "Fourth"), by: admin)
        #expect(throws: DomainError.self) { _ = try f.portal.upgrades.approve(request.id, by: f.billing) }
        let actions = try f.portal.audit.page(AuditFilter(tenantID: tenant.id), by: f.owner).entries.map(\.action)
        #expect(actions.contains("upgrade.approved") && actions.contains("tenant.plan_changed"))
    }

    @Test func rejectionNeedsAReasonTheTenantSees() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let request = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.unlimited.id, reason: "Big plans", by: admin)
        #expect(throws: DomainError.invalid("reason", "Reason is required")) {
            _ = try f.portal.upgrades.reject(request.id, reason: "   ", by: f.owner)
        }
        _ = try f.portal.upgrades.reject(request.id, reason: "Please settle the open invoice first.", by: f.owner)
        let latest = try #require(try f.portal.upgrades.latest(tenant: tenant.id, by: admin))
        #expect(latest.status == .rejected && latest.decisionReason == "Please settle the open invoice first.")
        #expect(try f.portal.tenants.get(tenant.id, by: f.owner).planID == f.starter.id)
        #expect(try f.portal.broadcasts.inbox(by: admin).items.first?.bodyText.contains("settle the open invoice") == true)
        #expect(try f.portal.upgrades.decided(by: f.owner).total == 1)
        // A new request may follow a decision.
        _ = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.pro.id, reason: "Smaller step", by: admin)
    }

    @Test func pendingRequestCanBeWithdrawn() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let request = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.pro.id, reason: "Maybe", by: admin)
        #expect(try f.portal.upgrades.withdraw(request.id, by: admin).status == .withdrawn)
        #expect(try f.portal.upgrades.pending(by: f.owner).isEmpty)
    }
}

import Foundation
import Testing

@testable import PortalDomain

/// The queries the owner console added to the domain: directory views, status counts, over-limit sets,
/// recent invoices and the audit log's "Newer" cursor.
@Suite struct OwnerQueriesTests {
    @Test func activeViewListsOnlyTenantsActiveSinceNewestFirst() throws {
        let f = try PortalFixture()
        let quiet = try f.tenant("Quiet Studio")
        let early = try f.tenant("Early Studio")
        try f.clients(1, tenant: early.tenant.id, admin: early.admin)
        f.clock.advance(by: 3_600)
        let late = try f.tenant("Late Studio")
        try f.clients(1, tenant: late.tenant.id, admin: late.admin)
        let since = f.clock.seconds - 7 * 86_400
        let page = try f.portal.tenants.list(TenantQuery(), view: .activeSince(since), by: f.viewer)
        #expect(page.items.map(\.name) == ["Late Studio", "Early Studio"])
        #expect(page.total == 2)
        #expect(!page.items.contains { $0.id == quiet.tenant.id })
        #expect(page.items[0].usage.activeClients == 1)
        // The query's filters still apply; a later window excludes the earlier activity.
        let searched = try f.portal.tenants.list(TenantQuery(search: "early"), view: .activeSince(since), by: f.viewer)
        #expect(searched.items.map(\.name) == ["Early Studio"])
        let recent = try f.portal.tenants.list(TenantQuery(), view: .activeSince(f.clock.seconds - 60), by: f.viewer)
        #expect(recent.items.map(\.name) == ["Late Studio"])
        #expect(throws: DomainError.self) {
            _ = try f.portal.tenants.list(TenantQuery(), view: .mostSessions, by: late.admin)
        }
    }

    @Test func sessionsViewOrdersByThisMonthsSessions() throws {
        let f = try PortalFixture()
        let none = try f.tenant("Alpha Studio", plan: f.pro)
        let busy = try f.tenant("Busy Studio", plan: f.pro)
        let some = try f.tenant("Some Studio", plan: f.pro)
        for (tenant, count) in [(busy, 3), (some, 1)] {
            let client = try f.clients(1, tenant: tenant.tenant.id, admin: tenant.admin)[0]
            let coach = try f.portal.coaches.add(tenant: tenant.tenant.id, PersonDraft(name: "Coach"), by: tenant.admin)
            for index in 0..<count {
                _ = try f.portal.bookings.create(
                    tenant: tenant.tenant.id,
                    BookingDraft(
                        clientID: client.id, coachID: coach.id, startsAt: f.clock.seconds + 3_600 + Int64(index) * 7_200),
                    by: tenant.admin)
            }
        }
        let page = try f.portal.tenants.list(TenantQuery(perPage: 2), view: .mostSessions, by: f.viewer)
        #expect(page.items.map(\.id) == [busy.tenant.id, some.tenant.id])
        #expect(page.items[0].usage.sessionsThisMonth == 3)
        #expect(page.total == 3 && page.pageCount == 2)
        let second = try f.portal.tenants.list(TenantQuery(page: 2, perPage: 2), view: .mostSessions, by: f.viewer)
        #expect(second.items.map(\.id) == [none.tenant.id])
    }

    @Test func statusCountsCoverEveryStatus() throws {
        let f = try PortalFixture()
        #expect(try f.portal.tenants.statusCounts(by: f.viewer) == [.trial: 0, .active: 0, .suspended: 0, .blocked: 0])
        _ = try f.tenant("One", trialDays: 10)
        let two = try f.tenant("Two")
        _ = try f.tenant("Three")
        _ = try f.portal.tenants.suspend(two.tenant.id, reason: "Unpaid", by: f.billing)
        #expect(try f.portal.tenants.statusCounts(by: f.viewer) == [.trial: 1, .active: 1, .suspended: 1, .blocked: 0])
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.statusCounts(by: two.admin) }
    }

    @Test func overLimitBlockedFollowsPlanEdits() throws {
        let f = try PortalFixture()
        let full = try f.tenant("Full Studio")
        try f.clients(3, tenant: full.tenant.id, admin: full.admin)
        _ = try f.tenant("Empty Studio")
        #expect(try f.portal.tenants.overLimitBlocked(plan: f.starter.id, by: f.viewer).isEmpty)
        var draft = PlanDraft(
            name: "Starter", priceMinor: 4_900, currency: "EUR",
            limits: PlanLimits(clients: 2, coaches: 2, sessionsPerMonth: 4, storageGB: 1), features: ["online_booking"],
            sortOrder: 1)
        _ = try f.portal.plans.update(f.starter.id, draft, by: f.owner)
        #expect(try f.portal.tenants.overLimitBlocked(plan: f.starter.id, by: f.viewer) == [full.tenant.id])
        draft.limits.clients = nil
        _ = try f.portal.plans.update(f.starter.id, draft, by: f.owner)
        #expect(try f.portal.tenants.overLimitBlocked(plan: f.starter.id, by: f.viewer).isEmpty)
    }

    @Test func recentInvoicesFilterByStatusAndWindowNewestFirst() throws {
        let f = try PortalFixture()
        let (first, admin) = try f.tenant("First Studio")
        _ = try f.tenant("Second Studio")
        f.clock.set(Date(timeIntervalSince1970: 1_775_044_800))  // 2026-04-01: March invoices
        #expect(try f.portal.invoices.issueMonthEnd() == 2)
        let issued = try f.portal.invoices.recent(status: nil, by: f.viewer)
        #expect(issued.total == 2)
        let older = try #require(try f.portal.invoices.list(tenant: first.id, by: admin).first)
        _ = try f.portal.invoices.markPaid(older.id, by: f.billing)
        f.clock.advance(by: 40 * 86_400)
        let other = try #require(issued.items.first { $0.id != older.id })
        _ = try f.portal.invoices.markPaid(other.id, by: f.billing)
        let allPaid = try f.portal.invoices.recent(status: .paid, by: f.viewer)
        #expect(allPaid.items.map(\.id) == [other.id, older.id])
        let lastMonth = try f.portal.invoices.recent(status: .paid, since: f.clock.seconds - 30 * 86_400, by: f.viewer)
        #expect(lastMonth.items.map(\.id) == [other.id] && lastMonth.total == 1)
        #expect(try f.portal.invoices.recent(status: .failed, by: f.viewer).total == 0)
        #expect(throws: DomainError.self) { _ = try f.portal.invoices.recent(status: nil, by: admin) }
    }

    @Test func newerCursorLeadsBackPageByPage() throws {
        let f = try PortalFixture()
        for index in 0..<7 { _ = try f.portal.features.define(key: "f\(index)", name: "F\(index)", description: "", by: f.owner) }
        let filter = AuditFilter(action: "feature.")
        let newest = try f.portal.audit.page(filter, limit: 3, by: f.viewer)
        #expect(try f.portal.audit.newerPage(filter, after: newest.entries[0].id, limit: 3, by: f.viewer) == .none)
        let second = try f.portal.audit.page(filter, before: newest.nextBefore, limit: 3, by: f.viewer)
        #expect(try f.portal.audit.newerPage(filter, after: second.entries[0].id, limit: 3, by: f.viewer) == .newest)
        let third = try f.portal.audit.page(filter, before: second.nextBefore, limit: 3, by: f.viewer)
        #expect(third.entries.count == 3)
        let back = try f.portal.audit.newerPage(filter, after: third.entries[0].id, limit: 3, by: f.viewer)
        guard case .before(let cursor) = back else {
            Issue.record("expected a cursor, got \(back)")
            return
        }
        #expect(
            try f.portal.audit.page(filter, before: cursor, limit: 3, by: f.viewer).entries.map(\.id) == second.entries.map(\.id))
    }
}

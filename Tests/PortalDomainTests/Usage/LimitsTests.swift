import Testing

@testable import PortalDomain

@Suite struct LimitsTests {
    /// Every table a refused add could touch.
    private static let tables = [
        "clients", "coaches", "users", "bookings", "tenant_usage", "tenant_month_sessions", "session_slots", "audit_entries",
    ]

    private func snapshot(_ f: PortalFixture) throws -> [Int64] {
        try Self.tables.map { try f.count($0) } + [
            try f.portal.database.read {
                try $0.int("SELECT active_clients + coaches * 1000 + storage_bytes + usage_pct FROM tenant_usage") ?? 0
            }
        ]
    }

    @Test func theClientPastTheLimitIsRefusedAndNothingIsWritten() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        try f.clients(3, tenant: tenant.id, admin: admin)
        let before = try snapshot(f)
        let error = try #require(throws: DomainError.self) {
            _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "Fourth", email: "fourth@mail.example"), by: admin)
        }
        guard case .limitExceeded(let limit) = error else {
            Issue.record("expected limitExceeded, got \(error)")
            return
        }
        #expect(limit.kind == .clients && limit.limit == 3 && limit.current == 3 && limit.requested == 1)
        #expect(limit.planName == "Starter" && limit.tenantID == tenant.id)
        #expect(try snapshot(f) == before)
        #expect(try f.portal.users.user(email: "fourth@mail.example") == nil)
    }

    @Test func coachSessionAndStorageLimitsRefuseWithoutWriting() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let client = try f.clients(1, tenant: tenant.id, admin: admin)[0]
        let coaches = try (0..<2).map { try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Coach \($0)"), by: admin) }
        var before = try snapshot(f)
        #expect(throws: DomainError.self) {
            _ = try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Third"), by: admin)
        }
        #expect(try snapshot(f) == before)
        let start = f.clock.seconds + 86_400
        for index in 0..<4 {
            _ = try f.portal.bookings.create(
                tenant: tenant.id,
                BookingDraft(clientID: client.id, coachID: coaches[index % 2].id, startsAt: start + Int64(index) * 7_200),
                by: admin)
        }
        before = try snapshot(f)
        let error = try #require(throws: DomainError.self) {
            _ = try f.portal.bookings.create(
                tenant: tenant.id, BookingDraft(clientID: client.id, coachID: coaches[0].id, startsAt: start + 10 * 3_600),
                by: admin)
        }
        #expect(
            error
                == .limitExceeded(
                    LimitExceeded(
                        kind: .sessionsPerMonth, limit: 4, current: 4, requested: 1, planID: f.starter.id, planName: "Starter",
                        tenantID: tenant.id)))
        #expect(try snapshot(f) == before)
        // Next month has its own allowance.
        _ = try f.portal.bookings.create(
            tenant: tenant.id, BookingDraft(clientID: client.id, coachID: coaches[0].id, startsAt: start + 32 * 86_400), by: admin
        )
        try f.portal.usage.recordStorage(tenant: tenant.id, deltaBytes: 900_000_000, by: admin)
        before = try snapshot(f)
        #expect(throws: DomainError.self) {
            try f.portal.usage.recordStorage(tenant: tenant.id, deltaBytes: 100_000_001, by: admin)
        }
        #expect(try snapshot(f) == before)
    }

    @Test func usageAtEightyPercentRaisesAnAlert() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        try f.clients(7, tenant: tenant.id, admin: admin)
        #expect(try f.portal.usage.usage(tenant: tenant.id, by: admin).alertKinds.isEmpty)
        #expect(try f.portal.usage.alerts(by: f.owner).total == 0)
        try f.clients(1, tenant: tenant.id, admin: admin, prefix: "Eighth")
        let usage = try f.portal.usage.usage(tenant: tenant.id, by: admin)
        #expect(usage.percent(.clients) == 80)
        #expect(usage.alertKinds == [.clients])
        let alerts = try f.portal.usage.alerts(by: f.owner)
        #expect(alerts.total == 1 && alerts.tenants.first?.tenantID == tenant.id)
        #expect(try f.portal.metrics.alerts(by: f.owner).counts[.usage] == 1)
    }

    @Test func loweringALimitBlocksAddsAndAnUpgradeLiftsTheBlock() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        let people = try f.clients(5, tenant: tenant.id, admin: admin)
        _ = try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Coach"), by: admin)
        // Billing downgrades the tenant to Starter (3 clients): it is now over its limit.
        let blocked = try f.portal.tenants.changePlan(tenant.id, to: f.starter.id, reason: "cheaper plan", by: f.billing)
        #expect(blocked.status == .blocked && blocked.blockKind == .overLimit)
        #expect(try f.lastAudit()?.action == "tenant.limit_blocked")
        // Every add is refused, naming the limit it is over, even a coach (coaches are within limits).
        let error = try #require(throws: DomainError.self) {
            _ = try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Second coach"), by: admin)
        }
        guard case .limitExceeded(let limit) = error else {
            Issue.record("expected limitExceeded")
            return
        }
        #expect(limit.kind == .clients && limit.current == 5 && limit.limit == 3)
        // Edits still work; an upgrade request can be submitted and approved.
        _ = try f.portal.clients.update(people[0].id, tenant: tenant.id, PersonDraft(name: "Renamed"), by: admin)
        let request = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.pro.id, reason: "we grew", by: admin)
        _ = try f.portal.upgrades.approve(request.id, by: f.billing)
        let lifted = try f.portal.tenants.get(tenant.id, by: f.owner)
        #expect(lifted.status == .active && lifted.blockKind == nil)
        #expect(
            try f.portal.audit.page(AuditFilter(tenantID: tenant.id, action: "tenant.limit_unblocked"), by: f.owner).entries.count
                == 1)
        _ = try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Second coach"), by: admin)
    }

    @Test func freeingSeatsLiftsAnOverLimitBlock() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        let people = try f.clients(4, tenant: tenant.id, admin: admin)
        _ = try f.portal.plans.update(
            f.pro.id,
            PlanDraft(
                name: "Pro", priceMinor: 14_900, currency: "EUR",
                limits: PlanLimits(clients: 3, coaches: 5, sessionsPerMonth: 20, storageGB: 10),
                features: ["online_booking", "reports"], sortOrder: 2), by: f.owner)
        #expect(try f.portal.tenants.get(tenant.id, by: f.owner).status == .blocked)
        _ = try f.portal.clients.setStatus(people[0].id, tenant: tenant.id, .inactive, by: admin)
        #expect(try f.portal.tenants.get(tenant.id, by: f.owner).status == .active)
        // Reactivating the client would exceed the limit again: refused.
        #expect(throws: DomainError.self) {
            _ = try f.portal.clients.setStatus(people[0].id, tenant: tenant.id, .active, by: admin)
        }
    }

    @Test func sessionsOfAMonthAreCountedInTheTenantsTimeZone() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(timeZone: "Pacific/Auckland")
        let client = try f.clients(1, tenant: tenant.id, admin: admin)[0]
        let coach = try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Coach"), by: admin)
        // 2026-03-31 12:00 UTC is already April 1st in Auckland (UTC+13).
        _ = try f.portal.bookings.create(
            tenant: tenant.id, BookingDraft(clientID: client.id, coachID: coach.id, startsAt: 1_774_958_400), by: admin)
        f.clock.advance(by: 31 * 86_400)
        let history = try f.portal.usage.history(tenant: tenant.id, months: 3, by: admin)
        #expect(history.map(\.month) == [202_602, 202_603, 202_604])
        #expect(history.map(\.sessions) == [0, 0, 1])
    }
}

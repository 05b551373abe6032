import Testing

@testable import PortalDomain

@Suite struct TenantServiceTests {
    @Test func suspendAndReactivateNeedReasonsAndAreAudited() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        #expect(throws: DomainError.invalid("reason", "Reason is required")) {
            _ = try f.portal.tenants.suspend(tenant.id, reason: "  ", by: f.owner)
        }
        let suspended = try f.portal.tenants.suspend(tenant.id, reason: "Unpaid invoices", by: f.billing)
        #expect(suspended.status == .suspended && suspended.statusReason == "Unpaid invoices")
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "tenant.suspended" && entry.note == "Unpaid invoices")
        #expect(entry.changes.contains(.value("status", "active", "suspended")))
        #expect(entry.actorUserID == f.billing.userID && entry.requestID == "req-test" && entry.ip == "192.0.2.1")
        // The tenant's users cannot change data; owner staff still can.
        #expect(throws: DomainError.tenantInactive(.suspended)) {
            _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "New"), by: admin)
        }
        _ = try f.portal.tenants.update(
            tenant.id,
            TenantSettings(
                name: "Renamed Studio", contactName: "Anna", contactEmail: "anna@x.example", contactPhone: nil, timeZone: "UTC"),
            by: f.owner)
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.reactivate(tenant.id, reason: "", by: f.owner) }
        let back = try f.portal.tenants.reactivate(tenant.id, reason: "Paid in full", by: f.owner)
        #expect(back.status == .active && back.statusReason == nil)
        _ = try f.portal.clients.add(tenant: tenant.id, PersonDraft(name: "New"), by: admin)
    }

    @Test func rolesDecideWhoMayActOnTenants() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.suspend(tenant.id, reason: "x", by: f.viewer) }
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.suspend(tenant.id, reason: "x", by: f.support) }
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.block(tenant.id, reason: "x", by: f.billing) }
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.anonymize(tenant.id, by: f.support) }
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.suspend(tenant.id, reason: "x", by: admin) }
        // Read-only staff can read.
        #expect(try f.portal.tenants.detail(tenant.id, by: f.viewer).tenant.id == tenant.id)
        // A tenant user cannot see another tenant (reported as not found).
        let other = try f.tenant("Other Studio")
        #expect(throws: DomainError.notFound("tenant \(other.tenant.id)")) {
            _ = try f.portal.tenants.get(other.tenant.id, by: admin)
        }
        #expect(throws: DomainError.self) { _ = try f.portal.clients.list(tenant: other.tenant.id, by: admin) }
        #expect(throws: DomainError.self) {
            _ = try f.portal.clients.add(tenant: other.tenant.id, PersonDraft(name: "Intruder"), by: admin)
        }
    }

    @Test func blockStopsEverythingUntilReactivated() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(trialDays: 14)
        let blocked = try f.portal.tenants.block(tenant.id, reason: "Fraudulent sign-up", by: f.owner)
        #expect(blocked.status == .blocked && blocked.blockKind == .manual && !blocked.acceptsChanges)
        #expect(throws: DomainError.tenantInactive(.blocked)) {
            _ = try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Coach"), by: admin)
        }
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.suspend(tenant.id, reason: "x", by: f.owner) }
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.reactivate(tenant.id, reason: "ok", by: f.billing) }
        // Reactivation restores the status it had: a trial.
        #expect(try f.portal.tenants.reactivate(tenant.id, reason: "Verified", by: f.owner).status == .trial)
    }

    @Test func resetDemoDataWipesPeopleAndSessionsButKeepsSettings() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        let clients = try f.clients(3, tenant: tenant.id, admin: admin)
        let coach = try f.portal.coaches.add(
            tenant: tenant.id, PersonDraft(name: "Coach", email: "coach@pulse.example"), by: admin)
        _ = try f.portal.bookings.create(
            tenant: tenant.id, BookingDraft(clientID: clients[0].id, coachID: coach.id, startsAt: f.clock.seconds + 3_600),
            by: admin)
        let (other, otherAdmin) = try f.tenant("Other Studio")
        let otherClient = try f.clients(1, tenant: other.id, admin: otherAdmin, prefix: "Keep")[0]
        let otherCoach = try f.portal.coaches.add(tenant: other.id, PersonDraft(name: "Keep coach"), by: otherAdmin)
        _ = try f.portal.bookings.create(
            tenant: other.id, BookingDraft(clientID: otherClient.id, coachID: otherCoach.id, startsAt: f.clock.seconds + 3_600),
            by: otherAdmin)
        let impact = try f.portal.tenants.impact(tenant.id, by: f.support)
        #expect(impact.clients == 3 && impact.coaches == 1 && impact.sessions == 1 && impact.clientAndCoachUsers == 4)
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.resetDemoData(tenant.id, by: f.billing) }
        try f.portal.tenants.resetDemoData(tenant.id, by: f.support)
        let after = try f.portal.tenants.impact(tenant.id, by: f.owner)
        #expect(after.clients == 0 && after.coaches == 0 && after.sessions == 0 && after.users == 1)
        let kept = try f.portal.tenants.get(tenant.id, by: f.owner)
        #expect(kept.planID == f.pro.id && kept.name == tenant.name && kept.timeZone == tenant.timeZone)
        let usage = try f.portal.usage.usage(tenant: tenant.id, by: f.owner)
        #expect(usage.activeClients == 0 && usage.coaches == 0 && usage.sessionsThisMonth == 0)
        // The other tenant is untouched and the slot aggregates match a rebuild.
        #expect(try f.portal.tenants.impact(other.id, by: f.owner).sessions == 1)
        let maintained = try f.portal.database.read {
            try $0.rows("SELECT slot, started, occupied FROM session_slots WHERE occupied > 0 ORDER BY slot").map(\.description)
        }
        try f.portal.database.write { try SessionSlots.rebuild($0) }
        let rebuilt = try f.portal.database.read {
            try $0.rows("SELECT slot, started, occupied FROM session_slots WHERE occupied > 0 ORDER BY slot").map(\.description)
        }
        #expect(maintained == rebuilt)
        #expect(try f.lastAudit()?.action == "tenant.demo_data_reset")
    }

    @Test func anonymizeReplacesEveryPersonalFieldAndKeepsCounts() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        let clients = try f.clients(2, tenant: tenant.id, admin: admin)
        _ = try f.portal.clients.update(
            clients[0].id, tenant: tenant.id,
            PersonDraft(name: "Maria Secret", email: "maria@secret.example", phone: "+49 170 5555555", notes: "knee injury"),
            by: admin)
        let coach = try f.portal.coaches.add(
            tenant: tenant.id, PersonDraft(name: "Carl Coach", email: "carl@secret.example", phone: "+49 170 1111111"), by: admin)
        _ = try f.portal.bookings.create(
            tenant: tenant.id, BookingDraft(clientID: clients[1].id, coachID: coach.id, startsAt: f.clock.seconds + 7_200),
            by: admin)
        _ = try f.portal.tenants.suspend(tenant.id, reason: "Maria Secret asked us to pause", by: f.owner)
        let before = try f.portal.tenants.impact(tenant.id, by: f.owner)
        let auditBefore = try f.count("audit_entries")
        try f.portal.tenants.anonymize(tenant.id, by: f.owner)
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.anonymize(tenant.id, by: f.owner) }
        let after = try f.portal.tenants.impact(tenant.id, by: f.owner)
        #expect(after.clients == before.clients && after.coaches == before.coaches && after.sessions == before.sessions)
        #expect(after.users == before.users)
        // No personal value of this tenant survives anywhere in the database.
        let secrets = [
            "Maria Secret", "maria@secret.example", "5555555", "knee injury", "Carl Coach", "carl@secret.example",
            "1111111", "Anna Schmidt", "anna@", "admin@pulseemsberlin.example", "client0", "client1", "+49 30 1234567",
        ]
        let dump = try f.portal.database.read { db -> String in
            var text = ""
            for table in [
                "tenants", "users", "clients", "coaches", "audit_notes", "upgrade_requests", "feature_overrides", "audit_entries",
            ] {
                try db.each("SELECT * FROM \(table)") { s in
                    for index in 0..<s.columnCount { text += s.value(index).description + "|" }
                }
            }
            return text
        }
        for secret in secrets { #expect(!dump.contains(secret), "\(secret) survived anonymize") }
        let users = try f.portal.users.list(tenant: tenant.id, by: f.owner).items
        #expect(users.allSatisfy { $0.status == .disabled && !$0.hasPassword && $0.email.hasSuffix("@anonymized.invalid") })
        #expect(try f.count("audit_entries") == auditBefore + 1)
        #expect(try f.portal.audit.verifyChain().isIntact)
        #expect(try f.portal.tenants.get(tenant.id, by: f.owner).anonymizedAt != nil)
    }

    @Test func directoryFiltersSearchesSortsAndPages() throws {
        let f = try PortalFixture()
        let a = try f.tenant("Alpha Fitness", plan: f.pro)
        let b = try f.tenant("Beta EMS Lab")
        let c = try f.tenant("Gamma Studio", trialDays: 10)
        try f.clients(2, tenant: a.tenant.id, admin: a.admin)
        try f.clients(3, tenant: b.tenant.id, admin: b.admin)
        _ = try f.portal.tenants.suspend(c.tenant.id, reason: "test", by: f.owner)
        let all = try f.portal.tenants.list(TenantQuery(), by: f.viewer)
        #expect(all.total == 3 && all.items.map(\.name) == ["Alpha Fitness", "Beta EMS Lab", "Gamma Studio"])
        #expect(try f.portal.tenants.list(TenantQuery(search: "ems"), by: f.owner).items.map(\.name) == ["Beta EMS Lab"])
        #expect(try f.portal.tenants.list(TenantQuery(search: "anna@gamma"), by: f.owner).items.map(\.name) == ["Gamma Studio"])
        #expect(try f.portal.tenants.list(TenantQuery(status: .suspended), by: f.owner).items.map(\.name) == ["Gamma Studio"])
        #expect(try f.portal.tenants.list(TenantQuery(planID: f.pro.id), by: f.owner).items.map(\.name) == ["Alpha Fitness"])
        let byClients = try f.portal.tenants.list(TenantQuery(sort: .clients), by: f.owner)
        #expect(byClients.items.map(\.name) == ["Beta EMS Lab", "Alpha Fitness", "Gamma Studio"])
        #expect(byClients.items[0].usage.activeClients == 3 && byClients.items[0].usage.percent(.clients) == 100)
        let paged = try f.portal.tenants.list(TenantQuery(page: 2, perPage: 2), by: f.owner)
        #expect(paged.items.map(\.name) == ["Gamma Studio"] && paged.pageCount == 2 && !paged.hasNext)
        #expect(throws: DomainError.self) { _ = try f.portal.tenants.list(TenantQuery(), by: a.admin) }
    }

    @Test func detailGathersEverythingForThePage() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        try f.clients(1, tenant: tenant.id, admin: admin)
        _ = try f.portal.upgrades.submit(tenant: tenant.id, toPlan: f.pro.id, reason: "more clients", by: admin)
        let detail = try f.portal.tenants.detail(tenant.id, by: f.support)
        #expect(detail.users.total == 2)
        #expect(detail.pendingUpgrade?.toPlanID == f.pro.id)
        #expect(detail.recentActivity.entries.first?.action == "upgrade.requested")
        #expect(detail.recentActivity.names.user(admin.userID) == "Anna Admin <admin@pulseemsberlin.example>")
        #expect(detail.features.map(\.feature.key).sorted() == ["marketing_automation", "online_booking", "reports"])
        #expect(detail.history.count == 6)
    }
}

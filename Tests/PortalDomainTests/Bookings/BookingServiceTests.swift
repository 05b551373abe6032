import Testing

@testable import PortalDomain

@Suite struct BookingServiceTests {
    private func setup() throws -> (PortalFixture, Int64, ActingUser, [Person], [Person]) {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant(plan: f.pro)
        let clients = try f.clients(3, tenant: tenant.id, admin: admin)
        let coaches = try (0..<2).map { try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Coach \($0)"), by: admin) }
        return (f, tenant.id, admin, clients, coaches)
    }

    @Test func aCoachIsNeverDoubleBooked() throws {
        let (f, tenant, admin, clients, coaches) = try setup()
        let start = f.clock.seconds + 86_400
        _ = try f.portal.bookings.create(
            tenant: tenant, BookingDraft(clientID: clients[0].id, coachID: coaches[0].id, startsAt: start), by: admin)
        let error = try #require(throws: DomainError.self) {
            _ = try f.portal.bookings.create(
                tenant: tenant, BookingDraft(clientID: clients[1].id, coachID: coaches[0].id, startsAt: start + 1_800), by: admin)
        }
        #expect(error == .invalid("starts_at", "Coach 0 already has a session at that time"))
        #expect(throws: DomainError.invalid("starts_at", "Client 0 already has a session at that time")) {
            _ = try f.portal.bookings.create(
                tenant: tenant, BookingDraft(clientID: clients[0].id, coachID: coaches[1].id, startsAt: start - 1_800), by: admin)
        }
        // Back to back is fine; so is another coach at the same time.
        _ = try f.portal.bookings.create(
            tenant: tenant, BookingDraft(clientID: clients[1].id, coachID: coaches[0].id, startsAt: start + 3_600), by: admin)
        _ = try f.portal.bookings.create(
            tenant: tenant, BookingDraft(clientID: clients[2].id, coachID: coaches[1].id, startsAt: start), by: admin)
    }

    @Test func bookingsAreValidated() throws {
        let (f, tenant, admin, clients, coaches) = try setup()
        let other = try f.tenant("Other Studio")
        let foreign = try f.clients(1, tenant: other.tenant.id, admin: other.admin, prefix: "Foreign")[0]
        let error = try #require(throws: DomainError.self) {
            _ = try f.portal.bookings.create(
                tenant: tenant,
                BookingDraft(
                    clientID: foreign.id, coachID: coaches[0].id, startsAt: f.clock.seconds - 86_400, durationMinutes: 1),
                by: admin)
        }
        guard case .invalid(let fields) = error else {
            Issue.record("expected invalid")
            return
        }
        #expect(Set(fields.keys) == ["client_id", "starts_at", "duration"])
        _ = try f.portal.clients.setStatus(clients[0].id, tenant: tenant, .inactive, by: admin)
        #expect(throws: DomainError.invalid("client_id", "Client 0 is inactive")) {
            _ = try f.portal.bookings.create(
                tenant: tenant, BookingDraft(clientID: clients[0].id, coachID: coaches[0].id, startsAt: f.clock.seconds + 3_600),
                by: admin)
        }
    }

    @Test func cancellingFreesTheSlotAndTheCountersAndAggregatesStayExact() throws {
        let (f, tenant, admin, clients, coaches) = try setup()
        let start = f.clock.seconds + 86_400 + 123
        let booking = try f.portal.bookings.create(
            tenant: tenant, BookingDraft(clientID: clients[0].id, coachID: coaches[0].id, startsAt: start, durationMinutes: 50),
            by: admin)
        #expect(booking.clientName == "Client 0" && booking.coachName == "Coach 0" && booking.status == .scheduled)
        #expect(try f.portal.usage.usage(tenant: tenant, by: admin).sessionsThisMonth == 1)
        _ = try f.portal.bookings.create(
            tenant: tenant,
            BookingDraft(clientID: clients[1].id, coachID: coaches[1].id, startsAt: start + 600, durationMinutes: 45), by: admin)
        let cancelled = try f.portal.bookings.cancel(booking.id, tenant: tenant, by: admin)
        #expect(cancelled.status == .cancelled)
        #expect(throws: DomainError.self) { _ = try f.portal.bookings.cancel(booking.id, tenant: tenant, by: admin) }
        #expect(try f.portal.usage.usage(tenant: tenant, by: admin).sessionsThisMonth == 1)
        _ = try f.portal.bookings.create(
            tenant: tenant, BookingDraft(clientID: clients[2].id, coachID: coaches[0].id, startsAt: start), by: admin)
        let maintained = try f.portal.database.read {
            try $0.rows("SELECT * FROM session_slots WHERE occupied > 0 ORDER BY slot").map(\.description)
        }
        try f.portal.database.write { try SessionSlots.rebuild($0) }
        let rebuilt = try f.portal.database.read {
            try $0.rows("SELECT * FROM session_slots WHERE occupied > 0 ORDER BY slot").map(\.description)
        }
        #expect(maintained == rebuilt && maintained.count == 5)
    }

    @Test func weekViewRunsMondayToSundayInTheTenantsZone() throws {
        let (f, tenant, admin, clients, coaches) = try setup()
        // The fixture's now is Monday 2026-03-02 12:00 UTC (13:00 in Berlin).
        let sunday = f.clock.seconds + 6 * 86_400 + 10 * 3_600  // Sunday 22:00 UTC = 23:00 Berlin
        _ = try f.portal.bookings.create(
            tenant: tenant, BookingDraft(clientID: clients[0].id, coachID: coaches[0].id, startsAt: sunday), by: admin)
        let monday = f.clock.seconds + 7 * 86_400 + 10 * 3_600  // next Monday 23:00 Berlin
        _ = try f.portal.bookings.create(
            tenant: tenant, BookingDraft(clientID: clients[1].id, coachID: coaches[0].id, startsAt: monday), by: admin)
        let week = try f.portal.bookings.week(tenant: tenant, containing: f.clock.seconds, by: admin)
        #expect(
            week.days.map(\.date) == [
                "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08",
            ])
        #expect(week.days[6].bookings.count == 1 && week.days.map(\.bookings.count).reduce(0, +) == 1)
        #expect(week.startsAt == 1_772_406_000)  // 2026-03-01 23:00 UTC = Monday 00:00 Berlin
        let coachWeek = try f.portal.bookings.week(tenant: tenant, containing: monday, coachID: coaches[1].id, by: admin)
        #expect(coachWeek.days.allSatisfy { $0.bookings.isEmpty })
    }
}

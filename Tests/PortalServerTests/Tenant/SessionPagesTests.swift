import PortalDomain
import Testing

@testable import PortalServer

@Suite struct SessionPagesTests {
    /// The fixture's coach and client of studio A.
    private func people(_ f: TenantFixture) throws -> (client: Person, coach: Person) {
        let admin = TenantFixture.actor(f.adminA)
        return (
            try #require(try f.portal.clients.active(tenant: f.tenantA.id, by: admin).first),
            try #require(try f.portal.coaches.active(tenant: f.tenantA.id, by: admin).first)
        )
    }

    /// Tomorrow at `hour`:00 in Berlin, as the form types it.
    private func tomorrow(_ f: TenantFixture, hour: Int) -> (text: String, instant: Int64) {
        let berlin = Formatting(timeZone: "Europe/Berlin")
        let date = berlin.isoDate(f.clock.seconds + 86_400)
        let text = "\(date)T\(hour < 10 ? "0" : "")\(hour):00"
        return (text, berlin.instant(fromLocal: text) ?? 0)
    }

    @Test func bookingInTheStudiosZoneShowsInTheWeekAndIsAudited() throws {
        let f = try TenantFixture()
        let (client, coach) = try people(f)
        let form = try f.get("/app/sessions/new", as: f.adminA)
        #expect(form.status == 200 && form.text.contains("Europe/Berlin") && form.text.contains("Carl Client"))
        let start = tomorrow(f, hour: 18)
        let response = try f.post(
            "/app/sessions",
            [("client_id", String(client.id)), ("coach_id", String(coach.id)), ("starts_at", start.text), ("duration", "45")],
            as: f.adminA)
        #expect(response.status == 303)
        let booking = try #require(
            try f.portal.bookings.list(
                tenant: f.tenantA.id, from: f.clock.seconds, until: f.clock.seconds + 3 * 86_400,
                by: TenantFixture.actor(f.adminA)
            ).first)
        #expect(booking.startsAt == start.instant && booking.durationMinutes == 45)
        #expect(try f.audit("session.booked").first?.targetID == booking.id)
        let week = try f.get(try #require(response.location), as: f.adminA)
        #expect(week.status == 200)
        #expect(week.text.contains("18:00–18:45"))
        #expect(week.text.contains("Session booked: Carl Client with Cora Coach"))
        #expect(week.text.contains("/app/sessions/\(booking.id)/cancel"))
        let filtered = try f.get("/app/sessions?week=\(start.text.prefix(10))&coach=\(coach.id)", as: f.adminA)
        #expect(filtered.text.contains("Cora Coach only") && filtered.text.contains("18:00–18:45"))
        #expect(filtered.text.contains("coach=\(coach.id)&amp;week="))
    }

    @Test func invalidBookingIsA422AndNothingIsWritten() throws {
        let f = try TenantFixture()
        let (client, coach) = try people(f)
        let before = try f.snapshot()
        let missing = try f.post("/app/sessions", [("client_id", ""), ("starts_at", "soon"), ("duration", "2")], as: f.adminA)
        #expect(missing.status == 422)
        #expect(missing.text.contains("Choose a client.") && missing.text.contains("Choose a coach."))
        #expect(missing.text.contains("Length in minutes must be a whole number from 5 to 480."))
        let past = Formatting(timeZone: "Europe/Berlin").isoLocalDateTime(f.clock.seconds - 86_400)
        let inPast = try f.post(
            "/app/sessions",
            [("client_id", String(client.id)), ("coach_id", String(coach.id)), ("starts_at", past), ("duration", "60")],
            as: f.adminA)
        #expect(inPast.status == 422 && inPast.text.contains("Start must not be in the past"))
        #expect(inPast.text.contains(#"value="\#(past)""#))
        #expect(try f.snapshot() == before)
    }

    @Test func theSessionPastTheMonthlyLimitIsA402AndNothingIsWritten() throws {
        let f = try TenantFixture()
        let (client, coach) = try people(f)
        let berlin = Formatting(timeZone: "Europe/Berlin")
        // Four sessions a month on Starter: book them early next month, then one more.
        let local = TimeZones.local(f.clock.seconds, in: berlin.zone)
        let nextMonth = local.month == 12 ? (local.year + 1, 1) : (local.year, local.month + 1)
        let day = "\(nextMonth.0)-\(nextMonth.1 < 10 ? "0" : "")\(nextMonth.1)-10"
        for hour in [8, 10, 12, 14] {
            let response = try f.post(
                "/app/sessions",
                [
                    ("client_id", String(client.id)), ("coach_id", String(coach.id)),
                    ("starts_at", "\(day)T\(hour < 10 ? "0" : "")\(hour):00"), ("duration", "60"),
                ],
                as: f.adminA)
            #expect(response.status == 303)
        }
        let before = try f.snapshot()
        let refused = try f.post(
            "/app/sessions",
            [
                ("client_id", String(client.id)), ("coach_id", String(coach.id)), ("starts_at", "\(day)T16:00"),
                ("duration", "60"),
            ],
            as: f.adminA)
        #expect(refused.status == 402)
        #expect(refused.text.contains("4 of 4"))
        #expect(try f.snapshot() == before)
    }

    @Test func cancellingGoesThroughAConfirmationAndIsAudited() throws {
        let f = try TenantFixture()
        let (client, coach) = try people(f)
        let booking = try f.portal.bookings.create(
            tenant: f.tenantA.id, BookingDraft(clientID: client.id, coachID: coach.id, startsAt: tomorrow(f, hour: 9).instant),
            by: TenantFixture.actor(f.adminA))
        let confirm = try f.get("/app/sessions/\(booking.id)/cancel", as: f.adminA)
        #expect(confirm.status == 200 && confirm.text.contains("Cancel this session?") && confirm.text.contains("Carl Client"))
        #expect(
            try f.portal.bookings.get(booking.id, tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).status == .scheduled)
        let done = try f.post("/app/sessions/\(booking.id)/cancel", as: f.adminA)
        #expect(done.status == 303)
        #expect(
            try f.portal.bookings.get(booking.id, tenant: f.tenantA.id, by: TenantFixture.actor(f.adminA)).status == .cancelled)
        #expect(try f.audit("session.cancelled").first?.targetID == booking.id)
        let again = try f.post("/app/sessions/\(booking.id)/cancel", as: f.adminA)
        #expect(again.status == 409)
    }

    @Test func weeksMoveByLinksAndForeignIdsAreNotFound() throws {
        let f = try TenantFixture()
        let (client, coach) = try people(f)
        let booking = try f.portal.bookings.create(
            tenant: f.tenantA.id, BookingDraft(clientID: client.id, coachID: coach.id, startsAt: tomorrow(f, hour: 9).instant),
            by: TenantFixture.actor(f.adminA))
        let page = try f.get("/app/sessions?week=2026-03-04", as: f.adminA)
        #expect(page.status == 200)
        #expect(page.text.contains("2 Mar 2026 – 8 Mar 2026"))
        #expect(!page.text.contains(" only"))
        #expect(page.text.contains(#"href="/app/sessions?week=2026-02-23""#))
        #expect(page.text.contains(#"href="/app/sessions?week=2026-03-09""#))
        let before = try f.snapshot()
        #expect(try f.get("/app/sessions?coach=\(coach.id)", as: f.adminB).status == 404)
        #expect(try f.get("/app/sessions/\(booking.id)/cancel", as: f.adminB).status == 404)
        #expect(try f.post("/app/sessions/\(booking.id)/cancel", as: f.adminB).status == 404)
        let foreign = try f.post(
            "/app/sessions",
            [
                ("client_id", String(client.id)), ("coach_id", String(coach.id)), ("starts_at", "2030-01-01T10:00"),
                ("duration", "60"),
            ],
            as: f.adminB)
        #expect(foreign.status == 422)
        #expect(try f.snapshot() == before)
    }
}

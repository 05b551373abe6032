import Foundation

/// Training sessions: book (validated, limit-checked, no double-booking), cancel, list, week view.
public struct BookingService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// Longest session, in minutes.
    public static let maximumMinutes = 480
    /// Shortest session, in minutes.
    public static let minimumMinutes = 5

    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        b.id, b.tenant_id, b.client_id, cl.name, b.coach_id, co.name, b.starts_at, b.duration_min, b.status, b.created_at
        """
    /// The joins the selected columns need.
    static let joins = "JOIN clients cl ON cl.id = b.client_id JOIN coaches co ON co.id = b.coach_id"

    /// Maps one row of the selected columns to a `Booking`.
    static func booking(_ row: Row) -> Booking {
        Booking(
            id: row.int64(0), tenantID: row.int64(1), clientID: row.int64(2), clientName: row.string(3),
            coachID: row.int64(4), coachName: row.string(5), startsAt: row.int64(6), durationMinutes: row.int(7),
            status: BookingStatus(rawValue: row.string(8)) ?? .scheduled, createdAt: row.int64(9))
    }

    /// Loads one row by id; `notFound` when it is missing (or belongs to another tenant).
    static func load(_ db: SQLiteConnection, _ id: Int64, tenantID: Int64) throws -> Booking {
        guard
            let row = try db.row("SELECT \(columns) FROM bookings b \(joins) WHERE b.id = ? AND b.tenant_id = ?", [id, tenantID])
        else { throw DomainError.notFound("session \(id)") }
        return booking(row)
    }

    /// Books a session. Validation errors name the field (`client_id`, `coach_id`, `starts_at`,
    /// `duration`); a coach or client who already has a session overlapping the time is refused on
    /// `starts_at`; the month's session limit (the month of the start, in the tenant's zone) is
    /// checked inside the transaction, and a refusal writes nothing.
    public func create(tenant tenantID: Int64, _ draft: BookingDraft, by actor: ActingUser) throws -> Booking {
        try context.write { tx, now in
            let tenant = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            var v = Validator()
            v.check(
                (BookingService.minimumMinutes...BookingService.maximumMinutes).contains(draft.durationMinutes), "duration",
                "Length must be between \(BookingService.minimumMinutes) and \(BookingService.maximumMinutes) minutes")
            v.check(draft.startsAt >= now - 300, "starts_at", "Start must not be in the past")
            v.check(draft.startsAt <= now + 2 * 366 * 86_400, "starts_at", "Start must be within the next two years")
            let client = try tx.row(
                "SELECT name, status FROM clients WHERE id = ? AND tenant_id = ?", [draft.clientID, tenantID])
            let coach = try tx.row("SELECT name, status FROM coaches WHERE id = ? AND tenant_id = ?", [draft.coachID, tenantID])
            if let client {
                v.check(client.string(1) == "active", "client_id", "\(client.string(0)) is inactive")
            } else {
                v.fail("client_id", "Choose one of your clients")
            }
            if let coach {
                v.check(coach.string(1) == "active", "coach_id", "\(coach.string(0)) is inactive")
            } else {
                v.fail("coach_id", "Choose one of your coaches")
            }
            try v.finish()
            let end = draft.startsAt + Int64(draft.durationMinutes) * 60
            let earliest = draft.startsAt - Int64(BookingService.maximumMinutes) * 60
            let overlap = """
                SELECT 1 FROM bookings WHERE %@ = ? AND status <> 'cancelled' AND starts_at < ? AND starts_at > ?
                    AND starts_at + duration_min * 60 > ? LIMIT 1
                """
            if try tx.int(
                overlap.replacingOccurrences(of: "%@", with: "coach_id"), [draft.coachID, end, earliest, draft.startsAt])
                != nil
            {
                v.fail("starts_at", "\(coach?.string(0) ?? "The coach") already has a session at that time")
            }
            if try tx.int(
                overlap.replacingOccurrences(of: "%@", with: "client_id"), [draft.clientID, end, earliest, draft.startsAt]) != nil
            {
                v.fail("starts_at", "\(client?.string(0) ?? "The client") already has a session at that time")
            }
            try v.finish()
            let month = TimeZones.monthKey(draft.startsAt, in: TimeZones.zoneOrUTC(tenant.timeZone))
            try Limits.requireRoom(tx, tenant: tenant, kind: .sessionsPerMonth, adding: 1, month: month, now: now)
            let id = try tx.insert(
                """
                INSERT INTO bookings (tenant_id, client_id, coach_id, starts_at, duration_min, status, created_at)
                VALUES (?, ?, ?, ?, ?, 'scheduled', ?)
                """, [tenantID, draft.clientID, draft.coachID, draft.startsAt, draft.durationMinutes, now])
            try Limits.adjustSessions(tx, tenantID: tenantID, month: month, by: 1)
            try SessionSlots.apply(tx, startsAt: draft.startsAt, durationMinutes: draft.durationMinutes, delta: 1)
            var record = AuditRecord(action: "session.booked", tenantID: tenantID, targetType: "session", targetID: id)
            record.facts = [
                "client_id": String(draft.clientID), "coach_id": String(draft.coachID), "starts_at": String(draft.startsAt),
                "duration_min": String(draft.durationMinutes),
            ]
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try TenantStore.touch(tx, tenantID, at: now)
            try Limits.refreshPercent(tx, tenantID: tenantID, now: now)
            return try BookingService.load(tx, id, tenantID: tenantID)
        }
    }

    /// Cancels a scheduled session: it stops counting against the month and in the metrics.
    public func cancel(_ id: Int64, tenant tenantID: Int64, by actor: ActingUser) throws -> Booking {
        try context.write { tx, now in
            let tenant = try TenantStore.requireTenantWrite(tx, tenantID, actor: actor)
            let booking = try BookingService.load(tx, id, tenantID: tenantID)
            guard booking.status == .scheduled else {
                throw DomainError.conflict("only a scheduled session can be cancelled; this one is \(booking.status.rawValue)")
            }
            try tx.run("UPDATE bookings SET status = 'cancelled' WHERE id = ?", [id])
            let month = TimeZones.monthKey(booking.startsAt, in: TimeZones.zoneOrUTC(tenant.timeZone))
            try Limits.adjustSessions(tx, tenantID: tenantID, month: month, by: -1)
            try SessionSlots.apply(tx, startsAt: booking.startsAt, durationMinutes: booking.durationMinutes, delta: -1)
            var record = AuditRecord(action: "session.cancelled", tenantID: tenantID, targetType: "session", targetID: id)
            record.change("status", booking.status.rawValue, BookingStatus.cancelled.rawValue)
            try AuditWriter.append(tx, record, actor: actor, at: now)
            try TenantStore.touch(tx, tenantID, at: now)
            try Limits.reevaluate(tx, tenantID: tenantID, actor: actor, at: now)
            return try BookingService.load(tx, id, tenantID: tenantID)
        }
    }

    /// Sessions of the tenant starting in `[from, until)`, optionally of one coach or client, by start.
    public func list(
        tenant tenantID: Int64, from: Int64, until: Int64, coachID: Int64? = nil, clientID: Int64? = nil, limit: Int = 1_000,
        by actor: ActingUser
    ) throws -> [Booking] {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, _ in
            var filter = SQLWhere()
            filter.add("b.tenant_id = ?", tenantID)
            filter.add("b.starts_at >= ?", from)
            filter.add("b.starts_at < ?", until)
            if let coachID { filter.add("b.coach_id = ?", coachID) }
            if let clientID { filter.add("b.client_id = ?", clientID) }
            return try db.rows(
                "SELECT \(BookingService.columns) FROM bookings b \(BookingService.joins) \(filter.clause) ORDER BY b.starts_at, b.id LIMIT ?",
                filter.arguments + [limit]
            ).map(BookingService.booking)
        }
    }

    /// The week (Monday to Sunday, tenant's zone) that contains `instant`, optionally for one coach.
    public func week(tenant tenantID: Int64, containing instant: Int64, coachID: Int64? = nil, by actor: ActingUser) throws
        -> BookingWeek
    {
        try actor.requireRead(tenant: tenantID)
        let zoneName = try context.read { db, _ in
            guard let zone = try db.string("SELECT time_zone FROM tenants WHERE id = ?", [tenantID]) else {
                throw DomainError.notFound("tenant \(tenantID)")
            }
            return zone
        }
        let zone = TimeZones.zoneOrUTC(zoneName)
        let local = TimeZones.local(instant, in: zone)
        let mondayNumber = local.dayNumber - Int64(local.weekday - 1)
        let dayStarts = (0...7).map { TimeZones.instant(localSeconds: (mondayNumber + Int64($0)) * 86_400, in: zone) }
        let bookings = try list(
            tenant: tenantID, from: dayStarts[0], until: dayStarts[7], coachID: coachID, limit: 5_000, by: actor)
        let days = (0..<7).map { index in
            let date = TimeZones.local(dayStarts[index] + 3_600 * 12, in: zone)
            return BookingDay(
                date: date.isoDate, weekday: index + 1,
                bookings: bookings.filter { $0.startsAt >= dayStarts[index] && $0.startsAt < dayStarts[index + 1] })
        }
        return BookingWeek(startsAt: dayStarts[0], timeZone: zoneName, days: days)
    }
}

import Foundation

/// Dashboard metrics, each an indexed query or a scan of the small maintained aggregates, so they stay
/// fast at 10,000 tenants and 10,000,000 sessions.
public struct MetricsService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext

    /// Seconds per day.
    static let day: Int64 = 86_400

    /// The whole dashboard for a viewer in `timeZone`, from one snapshot.
    public func dashboard(timeZone: String, by actor: ActingUser) throws -> Dashboard {
        try actor.require(.readPlatform)
        let zone = TimeZones.zoneOrUTC(timeZone)
        return try context.read { db, now in
            Dashboard(
                revenue: try MetricsService.revenue(db, now: now), activeTenants: try MetricsService.activeTenants(db, now: now),
                sessionsPerTenant: try MetricsService.sessionsPerTenant(db, now: now),
                peakHour: try MetricsService.peakHour(db, zone: zone, zoneName: timeZone, now: now),
                series: try MetricsService.series(db, zone: zone, now: now),
                alerts: try MetricsService.alerts(db, limit: 10, now: now),
                changes: try MetricsService.changes(db, limit: 10, now: now))
        }
    }

    /// Revenue of invoices paid in the last 30 days.
    public func revenue(by actor: ActingUser) throws -> RevenueMetric {
        try actor.require(.readPlatform)
        return try context.read { db, now in try MetricsService.revenue(db, now: now) }
    }

    /// `revenue` on the caller's connection (inside its read or write transaction).
    static func revenue(_ db: SQLiteConnection, now: Int64) throws -> RevenueMetric {
        let from = now - 30 * day
        var totals: [Money] = []
        var count = 0
        for row in try db.rows(
            """
            SELECT currency, sum(amount_minor), count(*) FROM invoices
            WHERE status = 'paid' AND paid_at >= ? AND paid_at <= ? GROUP BY currency
            """, [from, now])
        {
            totals.append(Money(minorUnits: row.int64(1), currency: row.string(0)))
            count += row.int(2)
        }
        totals.sort { $0.minorUnits != $1.minorUnits ? $0.minorUnits > $1.minorUnits : $0.currency < $1.currency }
        return RevenueMetric(totals: totals, invoices: count, from: from, until: now)
    }

    /// Tenants with activity in the last 7 days.
    public func activeTenants(by actor: ActingUser) throws -> ActiveTenantsMetric {
        try actor.require(.readPlatform)
        return try context.read { db, now in try MetricsService.activeTenants(db, now: now) }
    }

    /// `activeTenants` on the caller's connection (inside its read or write transaction).
    static func activeTenants(_ db: SQLiteConnection, now: Int64) throws -> ActiveTenantsMetric {
        ActiveTenantsMetric(
            active: Int(try db.int("SELECT count(*) FROM tenants WHERE last_activity_at >= ?", [now - 7 * day]) ?? 0),
            total: Int(try db.int("SELECT count(*) FROM tenants") ?? 0))
    }

    /// Sessions started in the last 30 days per trial or active tenant.
    public func sessionsPerTenant(by actor: ActingUser) throws -> SessionsPerTenantMetric {
        try actor.require(.readPlatform)
        return try context.read { db, now in try MetricsService.sessionsPerTenant(db, now: now) }
    }

    /// `sessionsPerTenant` on the caller's connection (inside its read or write transaction).
    static func sessionsPerTenant(_ db: SQLiteConnection, now: Int64) throws -> SessionsPerTenantMetric {
        let sessions =
            try db.int(
                "SELECT coalesce(sum(started), 0) FROM session_slots WHERE slot >= ? AND slot < ?",
                [(now - 30 * day) / SessionSlots.seconds, now / SessionSlots.seconds]) ?? 0
        let tenants =
            try db.int(
                "SELECT (SELECT count(*) FROM tenants WHERE status = 'trial') + (SELECT count(*) FROM tenants WHERE status = 'active')"
            )
            ?? 0
        return SessionsPerTenantMetric(sessions: sessions, tenants: Int(tenants))
    }

    /// The local hour (viewer's zone) with the most concurrent sessions over the last `days` days.
    public func peakHour(timeZone: String, days: Int = 30, by actor: ActingUser) throws -> PeakHourMetric {
        try actor.require(.readPlatform)
        return try context.read { db, now in
            try MetricsService.peakHour(db, zone: TimeZones.zoneOrUTC(timeZone), zoneName: timeZone, days: days, now: now)
        }
    }

    /// `peakHour` on the caller's connection (inside its read or write transaction).
    static func peakHour(_ db: SQLiteConnection, zone: TimeZone, zoneName: String, days: Int = 30, now: Int64) throws
        -> PeakHourMetric
    {
        var occupancy = [Int64](repeating: 0, count: 24)
        let from = (now - Int64(days) * day) / SessionSlots.seconds
        let until = now / SessionSlots.seconds
        let offsets = OffsetTable(zone: zone, from: from * SessionSlots.seconds, until: until * SessionSlots.seconds)
        try db.each("SELECT slot, occupied FROM session_slots WHERE slot >= ? AND slot < ?", [from, until]) { s in
            let instant = s.int64(0) * SessionSlots.seconds
            let local = instant + offsets.offset(instant)
            let hour = Int(((local % day) + day) % day / 3_600)
            occupancy[hour] += s.int64(1)
        }
        // Each local hour holds 4 quarter slots per day; average concurrency = occupied slot-sessions / (4 × days).
        let hourly = occupancy.map { Double($0) / Double(4 * max(days, 1)) }
        let peak = hourly.indices.max { hourly[$0] < hourly[$1] }
        let best = peak.flatMap { hourly[$0] > 0 ? $0 : nil }
        return PeakHourMetric(
            hour: best, averageConcurrent: best.map { hourly[$0] } ?? 0, hourly: hourly, timeZone: zoneName, days: days)
    }

    /// Revenue and sessions per local day, for the 30 days ending today (viewer's zone).
    public func series(timeZone: String, by actor: ActingUser) throws -> DailySeries {
        try actor.require(.readPlatform)
        return try context.read { db, now in try MetricsService.series(db, zone: TimeZones.zoneOrUTC(timeZone), now: now) }
    }

    /// `series` on the caller's connection (inside its read or write transaction).
    static func series(_ db: SQLiteConnection, zone: TimeZone, now: Int64) throws -> DailySeries {
        let today = TimeZones.local(now, in: zone).dayNumber
        let firstDay = today - 29
        let from = TimeZones.instant(localSeconds: firstDay * day, in: zone)
        let until = TimeZones.instant(localSeconds: (today + 1) * day, in: zone)
        let offsets = OffsetTable(zone: zone, from: from, until: until)
        func index(_ instant: Int64) -> Int? {
            let number = offsets.dayNumber(instant) - firstDay
            return (0..<30).contains(number) ? Int(number) : nil
        }
        var revenueByCurrency: [String: [Int64]] = [:]
        for row in try db.rows(
            "SELECT paid_at, amount_minor, currency FROM invoices WHERE status = 'paid' AND paid_at >= ? AND paid_at < ?",
            [from, until])
        {
            guard let i = index(row.int64(0)) else { continue }
            revenueByCurrency[row.string(2), default: [Int64](repeating: 0, count: 30)][i] += row.int64(1)
        }
        let currency =
            revenueByCurrency.max { ($0.value.reduce(0, +), $1.key) < ($1.value.reduce(0, +), $0.key) }?.key ?? "EUR"
        var sessions = [Int64](repeating: 0, count: 30)
        try db.each(
            "SELECT slot, started FROM session_slots WHERE slot >= ? AND slot < ?",
            [from / SessionSlots.seconds, (until + SessionSlots.seconds - 1) / SessionSlots.seconds]
        ) { s in
            if let i = index(s.int64(0) * SessionSlots.seconds) { sessions[i] += s.int64(1) }
        }
        let dates = (0..<30).map { LocalDateTime(localSeconds: (firstDay + Int64($0)) * day).isoDate }
        let revenue = revenueByCurrency[currency] ?? [Int64](repeating: 0, count: 30)
        return DailySeries(
            revenue: zip(dates, revenue).map { DailyPoint(date: $0, value: $1) }, currency: currency,
            sessions: zip(dates, sessions).map { DailyPoint(date: $0, value: $1) })
    }
}

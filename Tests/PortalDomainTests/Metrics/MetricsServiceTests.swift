import Foundation
import Testing

@testable import PortalDomain

/// Metrics against small fixtures whose answers are computed by hand in the comments.
@Suite struct MetricsServiceTests {
    private static let day: Int64 = 86_400

    /// Inserts a booking row and its aggregates directly (bookings in the past cannot be made through
    /// the service, which refuses past start times).
    private func session(
        _ f: PortalFixture, tenant: Int64, client: Int64, coach: Int64, start: Int64, minutes: Int, cancelled: Bool = false
    )
        throws
    {
        try f.portal.database.write { tx in
            try tx.run(
                "INSERT INTO bookings (tenant_id, client_id, coach_id, starts_at, duration_min, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [tenant, client, coach, start, minutes, cancelled ? "cancelled" : "completed", start - 3_600])
            if !cancelled { try SessionSlots.apply(tx, startsAt: start, durationMinutes: minutes, delta: 1) }
        }
    }

    @Test func revenueCountsPaidInvoicesOfTheLast30DaysPerCurrency() throws {
        let f = try PortalFixture()
        let (tenant, _) = try f.tenant()
        let now = f.clock.seconds
        try f.portal.database.write { tx in
            let rows: [(String, Int64, String, String, Int64?)] = [
                ("2026-01", 4_900, "EUR", "paid", now - 31 * Self.day),  // too old
                ("2026-02", 4_900, "EUR", "paid", now - 29 * Self.day),  // counts
                ("2025-12", 14_900, "EUR", "paid", now - Self.day),  // counts
                ("2025-11", 9_900, "USD", "paid", now - 2 * Self.day),  // counts, other currency
                ("2025-10", 99_900, "EUR", "failed", nil),  // not paid
            ]
            for (period, amount, currency, status, paid) in rows {
                try tx.run(
                    "INSERT INTO invoices (tenant_id, period, amount_minor, currency, status, issued_at, due_at, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [tenant.id, period, amount, currency, status, now - 40 * Self.day, now - 26 * Self.day, paid])
            }
        }
        let revenue = try f.portal.metrics.revenue(by: f.viewer)
        // EUR: 4,900 + 14,900 = 19,800; USD: 9,900.
        #expect(revenue.totals == [Money(minorUnits: 19_800, currency: "EUR"), Money(minorUnits: 9_900, currency: "USD")])
        #expect(revenue.invoices == 3)
        let series = try f.portal.metrics.series(timeZone: "UTC", by: f.owner)
        #expect(series.currency == "EUR" && series.revenue.count == 30)
        #expect(series.revenue.last?.value == 0 && series.revenue[28].value == 14_900 && series.revenue[0].value == 4_900)
        #expect(try f.portal.metrics.alerts(by: f.owner).counts[.failedPayment] == 1)
    }

    @Test func activeTenantsAndSessionsPerTenant() throws {
        let f = try PortalFixture()
        let a = try f.tenant("Alpha")
        let b = try f.tenant("Beta")
        let c = try f.tenant("Gamma")
        let client = try f.clients(1, tenant: a.tenant.id, admin: a.admin)[0]  // Alpha active now
        let coach = try f.portal.coaches.add(tenant: a.tenant.id, PersonDraft(name: "Coach"), by: a.admin)
        try f.portal.database.write { tx in
            try tx.run("UPDATE tenants SET last_activity_at = ? WHERE id = ?", [f.clock.seconds - 6 * Self.day, b.tenant.id])
            try tx.run("UPDATE tenants SET last_activity_at = ? WHERE id = ?", [f.clock.seconds - 8 * Self.day, c.tenant.id])
        }
        _ = try f.portal.tenants.suspend(c.tenant.id, reason: "x", by: f.owner)
        #expect(try f.portal.metrics.activeTenants(by: f.owner) == ActiveTenantsMetric(active: 2, total: 3))
        // Six sessions in the window (one cancelled, one too old, one in the future): 4 ÷ 2 trial/active tenants = 2.
        let now = f.clock.seconds
        for offset: Int64 in [1, 2, 3, 29] {
            try session(f, tenant: a.tenant.id, client: client.id, coach: coach.id, start: now - offset * Self.day, minutes: 60)
        }
        try session(
            f, tenant: a.tenant.id, client: client.id, coach: coach.id, start: now - 4 * Self.day, minutes: 60, cancelled: true)
        try session(f, tenant: a.tenant.id, client: client.id, coach: coach.id, start: now - 31 * Self.day, minutes: 60)
        try session(f, tenant: a.tenant.id, client: client.id, coach: coach.id, start: now + Self.day, minutes: 60)
        let perTenant = try f.portal.metrics.sessionsPerTenant(by: f.owner)
        #expect(perTenant.sessions == 4 && perTenant.tenants == 2 && perTenant.average == 2)
    }

    @Test func peakHourFollowsTheViewersTimeZone() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let client = try f.clients(1, tenant: tenant.id, admin: admin)[0]
        let coach = try f.portal.coaches.add(tenant: tenant.id, PersonDraft(name: "Coach"), by: admin)
        // Midnight UTC 10 days ago; 17:00 UTC sessions on 3 days (60 min), one 09:15 UTC session of 30 min.
        let base = f.clock.seconds / Self.day * Self.day - 10 * Self.day
        for dayIndex: Int64 in 0..<3 {
            try session(
                f, tenant: tenant.id, client: client.id, coach: coach.id, start: base + dayIndex * Self.day + 17 * 3_600,
                minutes: 60)
        }
        try session(f, tenant: tenant.id, client: client.id, coach: coach.id, start: base + 9 * 3_600 + 900, minutes: 30)
        let utc = try f.portal.metrics.peakHour(timeZone: "UTC", days: 30, by: f.owner)
        #expect(utc.hour == 17)
        // 3 sessions × 4 quarter slots = 12 slot-sessions over 4 × 30 quarter slots.
        #expect(utc.averageConcurrent == 12.0 / 120.0)
        #expect(utc.hourly[9] == 2.0 / 120.0)
        // In Kolkata (UTC+05:30) 17:00–18:00 UTC is 22:30–23:30: two quarters fall in hour 22 and two in 23.
        let kolkata = try f.portal.metrics.peakHour(timeZone: "Asia/Kolkata", days: 30, by: f.owner)
        #expect(kolkata.hourly[22] == 6.0 / 120.0 && kolkata.hourly[23] == 6.0 / 120.0)
        #expect(kolkata.hour == 22)
        // 09:15–09:45 UTC is 14:45–15:15 there.
        #expect(kolkata.hourly[14] == 1.0 / 120.0 && kolkata.hourly[15] == 1.0 / 120.0)
        let series = try f.portal.metrics.series(timeZone: "UTC", by: f.owner)
        #expect(series.sessions.map(\.value).reduce(0, +) == 4 && series.sessions[19].value == 2)
        #expect(try f.portal.metrics.peakHour(timeZone: "UTC", days: 5, by: f.owner).hour == nil)
    }

    @Test func alertsAndWhatChanged() throws {
        let f = try PortalFixture()
        let trial = try f.tenant("Trial Studio", trialDays: 1)
        let (tenant, _) = try f.tenant("Changing Studio")
        _ = try f.portal.tenants.changePlan(tenant.id, to: f.pro.id, reason: "sales call", by: f.billing)
        _ = try f.portal.tenants.suspend(tenant.id, reason: "fraud check", by: f.owner)
        try f.portal.health.recordEvent(level: .error, source: "mail", message: "SMTP down")
        try f.portal.health.recordEvent(level: .warning, source: "disk", message: "80% full")
        f.clock.advance(by: TimeInterval(2 * Self.day))
        let alerts = try f.portal.metrics.alerts(by: f.owner)
        #expect(
            alerts.counts[.overdueTrial] == 1
                && alerts.items.contains { $0.kind == .overdueTrial && $0.tenantID == trial.tenant.id })
        #expect(alerts.counts[.systemError] == 0)  // older than 24 hours now
        try f.portal.health.recordEvent(level: .error, source: "payments", message: "Provider timeout")
        #expect(try f.portal.metrics.alerts(by: f.owner).counts[.systemError] == 1)
        let changes = try f.portal.metrics.changes(by: f.owner)
        #expect(changes.newTenantCount == 2)
        #expect(changes.planChanges.map(\.summary) == ["Starter → Pro"] && changes.planChangeCount == 1)
        #expect(changes.suspensions.map(\.tenantName) == ["Changing Studio"])
        f.clock.advance(by: TimeInterval(6 * Self.day))
        let later = try f.portal.metrics.changes(by: f.owner)
        #expect(later.newTenantCount == 0 && later.planChangeCount == 0 && later.suspensionCount == 0)
        let dashboard = try f.portal.metrics.dashboard(timeZone: "Europe/Berlin", by: f.viewer)
        #expect(dashboard.activeTenants.total == 2 && dashboard.series.sessions.count == 30)
    }
}

/// Revenue from paid invoices over a window, per currency (largest first).
public struct RevenueMetric: Sendable, Equatable {
    /// Totals per currency, largest first.
    public let totals: [Money]
    /// Paid invoices counted.
    public let invoices: Int
    /// Window start (UTC seconds, inclusive).
    public let from: Int64
    /// Window end (UTC seconds, inclusive).
    public let until: Int64

    /// The largest currency's total (zero EUR when nothing was paid).
    public var primary: Money { totals.first ?? Money(minorUnits: 0, currency: "EUR") }
}

/// Tenants with activity in a window, out of all tenants.
public struct ActiveTenantsMetric: Sendable, Equatable {
    /// Tenants whose users changed something in the window.
    public let active: Int
    /// All tenants.
    public let total: Int
}

/// Average sessions per tenant over a window.
public struct SessionsPerTenantMetric: Sendable, Equatable {
    /// Sessions (not cancelled) that started in the window.
    public let sessions: Int64
    /// Tenants on trial or active.
    public let tenants: Int

    /// Sessions ÷ tenants (0 without tenants).
    public var average: Double { tenants == 0 ? 0 : Double(sessions) / Double(tenants) }
}

/// The hour of day with the most concurrent sessions, in the viewer's zone.
public struct PeakHourMetric: Sendable, Equatable {
    /// 0…23, nil when there were no sessions.
    public let hour: Int?
    /// Average sessions in progress during that hour.
    public let averageConcurrent: Double
    /// Average concurrency for each local hour 0…23.
    public let hourly: [Double]
    /// The viewer's zone.
    public let timeZone: String
    /// Days averaged over.
    public let days: Int
}

/// One point of a daily series.
public struct DailyPoint: Sendable, Equatable {
    /// Local date `YYYY-MM-DD`.
    public let date: String
    /// Value (minor units for revenue, count for sessions).
    public let value: Int64
}

/// The dashboard's sparklines: 30 local days ending today.
public struct DailySeries: Sendable, Equatable {
    /// Revenue per day in `currency`.
    public let revenue: [DailyPoint]
    /// The currency of `revenue`.
    public let currency: String
    /// Sessions started per day.
    public let sessions: [DailyPoint]
}

/// What an alert is about.
public enum AlertKind: String, Sendable, CaseIterable {
    /// A tenant at or above 80% of a limit.
    case usage
    /// An error-level system event.
    case systemError = "system_error"
    /// A failed invoice payment.
    case failedPayment = "failed_payment"
    /// A trial past its end.
    case overdueTrial = "overdue_trial"
}

/// One line of the alerts panel.
public struct DashboardAlert: Sendable, Equatable {
    /// Kind.
    public let kind: AlertKind
    /// The tenant, when the alert is about one.
    public let tenantID: Int64?
    /// Its name.
    public let tenantName: String?
    /// One line for people.
    public let message: String
    /// When it happened or was detected (UTC seconds).
    public let at: Int64
}

/// The alerts panel: up to `limit` items per kind, and the total per kind.
public struct DashboardAlerts: Sendable, Equatable {
    /// Items, grouped by kind in `AlertKind` order.
    public let items: [DashboardAlert]
    /// Total alerts per kind.
    public let counts: [AlertKind: Int]
}

/// One entry of "what changed".
public struct ChangeItem: Sendable, Equatable {
    /// The tenant.
    public let tenantID: Int64
    /// Its name now.
    public let tenantName: String
    /// What happened, for people (`Starter → Pro`, `suspended`, `new on Trial`).
    public let summary: String
    /// When (UTC seconds).
    public let at: Int64
}

/// "What changed in the last 7 days".
public struct RecentChanges: Sendable, Equatable {
    /// New tenants, newest first.
    public let newTenants: [ChangeItem]
    /// How many in all.
    public let newTenantCount: Int
    /// Plan changes, newest first.
    public let planChanges: [ChangeItem]
    /// How many in all.
    public let planChangeCount: Int
    /// Suspensions and blocks, newest first.
    public let suspensions: [ChangeItem]
    /// How many in all.
    public let suspensionCount: Int
}

/// Everything on `/owner`.
public struct Dashboard: Sendable, Equatable {
    /// Revenue, last 30 days.
    public let revenue: RevenueMetric
    /// Active tenants, last 7 days.
    public let activeTenants: ActiveTenantsMetric
    /// Sessions per tenant, last 30 days.
    public let sessionsPerTenant: SessionsPerTenantMetric
    /// Peak hour, last 30 days, viewer's zone.
    public let peakHour: PeakHourMetric
    /// Sparklines.
    public let series: DailySeries
    /// Alerts panel.
    public let alerts: DashboardAlerts
    /// What changed.
    public let changes: RecentChanges
}

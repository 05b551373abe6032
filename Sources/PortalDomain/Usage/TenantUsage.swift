/// A tenant's usage against its plan's limits.
public struct TenantUsage: Sendable, Equatable {
    /// The tenant.
    public let tenantID: Int64
    /// Its plan.
    public let planID: Int64
    /// The plan's name.
    public let planName: String
    /// The plan's limits.
    public let limits: PlanLimits
    /// Active clients.
    public let activeClients: Int64
    /// Active coaches.
    public let coaches: Int64
    /// Sessions (not cancelled) starting this month in the tenant's time zone.
    public let sessionsThisMonth: Int64
    /// Stored bytes.
    public let storageBytes: Int64
    /// The month `sessionsThisMonth` counts, `yyyymm`.
    public let month: Int

    /// Usage share at or above which an alert is raised.
    public static let alertPercent = 80

    /// Usage of `kind` in the limit's unit.
    public func used(_ kind: LimitKind) -> Int64 {
        switch kind {
        case .clients: activeClients
        case .coaches: coaches
        case .sessionsPerMonth: sessionsThisMonth
        case .storage: storageBytes
        }
    }

    /// The limit of `kind` (storage in bytes), nil when unlimited.
    public func limit(_ kind: LimitKind) -> Int64? { limits.limit(kind) }

    /// Percent of the limit used (rounded down), nil when unlimited. A zero limit counts as 100%.
    public func percent(_ kind: LimitKind) -> Int? {
        guard let limit = limit(kind) else { return nil }
        guard limit > 0 else { return 100 }
        return Int(min(used(kind).multipliedReportingOverflow(by: 100).partialValue / limit, 10_000))
    }

    /// The highest percent of any limit (0 when all are unlimited).
    public var maxPercent: Int { LimitKind.allCases.compactMap(percent).max() ?? 0 }

    /// Limits at or above the alert threshold.
    public var alertKinds: [LimitKind] {
        LimitKind.allCases.filter { (percent($0) ?? 0) >= TenantUsage.alertPercent }
    }

    /// Limits the usage is strictly above (only possible after limits dropped).
    public var exceededKinds: [LimitKind] {
        LimitKind.allCases.filter { kind in limit(kind).map { used(kind) > $0 } ?? false }
    }

    /// The tenant's usage alerts.
    public var alerts: [UsageAlert] {
        alertKinds.map { kind in
            UsageAlert(
                tenantID: tenantID, kind: kind, percent: percent(kind) ?? 0, used: used(kind), limit: limit(kind) ?? 0)
        }
    }
}

/// One limit at or above 80%.
public struct UsageAlert: Sendable, Equatable {
    /// The tenant.
    public let tenantID: Int64
    /// Which limit.
    public let kind: LimitKind
    /// Percent used.
    public let percent: Int
    /// Usage.
    public let used: Int64
    /// Limit.
    public let limit: Int64
}

/// Sessions of one month, for usage history.
public struct MonthlySessions: Sendable, Equatable {
    /// `yyyymm`.
    public let month: Int
    /// Sessions (not cancelled) starting that month in the tenant's time zone.
    public let sessions: Int64
}

import Dispatch
import Foundation
import PortalDomain

/// `portal bench-domain`: the benchmark aid behind `scripts/bench-domain`. Times the dashboard
/// metrics, the tenant list, a broadcast send and inbox loads against a (seeded) data directory.
enum BenchDomainCommand: PortalCommand {
    static let name = "bench-domain"
    static let summary = "(benchmark aid) time dashboard metrics, tenant list, broadcast and inbox"
    static let help = """
        usage: portal bench-domain [--data-dir DIR] [--runs N] [--sends N]

        Benchmark aid for scripts/bench-domain: runs each dashboard metric, a tenant-list query (random
        filter, search, sort and page of 50) and one user's inbox N times (default 200), and sends
        --sends broadcasts to all users (default 20), then prints p50/p95/max in milliseconds against
        the issue's bars. Writes broadcasts and audit entries: use a scratch (seeded) data directory.

        \(DataDirectoryOption.help)
          --runs N           repetitions per read measurement (default 200)
          --sends N          broadcasts to send (default 20)
        """

    /// One measured operation.
    private struct Measurement {
        let name: String
        let barMilliseconds: Double
        var samples: [Double] = []

        /// The `p` quantile (nearest rank) of the samples.
        func percentile(_ p: Double) -> Double {
            let sorted = samples.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["data-dir", "runs", "sends"], flagOptions: [])
        let runs = try options.int("runs", default: 200, range: 1...100_000)
        let sends = try options.int("sends", default: 20, range: 0...1_000)
        let portal = try DataDirectoryOption.open(options)
        guard let owner = try portal.users.user(email: "admin@portal.example") else {
            printError("bench-domain needs a seeded demo database (portal seed-demo --scale)")
            return 1
        }
        let actor = ActingUser(userID: owner.id, role: .ownerAdmin)
        let plans = try portal.plans.list()
        var random = SystemRandomNumberGenerator()
        let maxUser = try portal.database.read { db in try db.int("SELECT max(id) FROM users") ?? 1 }
        var readers: [ActingUser] = []
        while readers.count < min(runs, 500) {
            let id = Int64.random(in: 1...maxUser, using: &random)
            if let user = try portal.users.user(id), let tenantID = user.tenantID, user.status == .active {
                readers.append(ActingUser(userID: user.id, role: user.role, tenantID: tenantID))
            }
        }
        let searches = ["", "", "pulse", "ems", "berlin", "lab", "owner@", "fit", "zen studio", "x"]
        var measurements: [Measurement] = []
        func measure(_ name: String, bar: Double, times: Int, _ body: (Int) throws -> Void) rethrows {
            var measurement = Measurement(name: name, barMilliseconds: bar)
            for index in 0..<times {
                let start = DispatchTime.now().uptimeNanoseconds
                try body(index)
                measurement.samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            measurements.append(measurement)
        }
        try measure("metric: revenue 30 d", bar: 25, times: runs) { _ in _ = try portal.metrics.revenue(by: actor) }
        try measure("metric: active tenants 7 d", bar: 25, times: runs) { _ in _ = try portal.metrics.activeTenants(by: actor) }
        try measure("metric: sessions per tenant", bar: 25, times: runs) { _ in
            _ = try portal.metrics.sessionsPerTenant(by: actor)
        }
        try measure("metric: peak hour (Europe/Berlin)", bar: 25, times: runs) { _ in
            _ = try portal.metrics.peakHour(timeZone: "Europe/Berlin", by: actor)
        }
        try measure("metric: 30-day series", bar: 25, times: runs) { _ in
            _ = try portal.metrics.series(timeZone: "America/New_York", by: actor)
        }
        try measure("metric: alerts panel", bar: 25, times: runs) { _ in _ = try portal.metrics.alerts(by: actor) }
        try measure("metric: what changed 7 d", bar: 25, times: runs) { _ in _ = try portal.metrics.changes(by: actor) }
        try measure("dashboard (all of the above)", bar: 0, times: runs) { _ in
            _ = try portal.metrics.dashboard(timeZone: "Europe/Berlin", by: actor)
        }
        var rng = SystemRandomNumberGenerator()
        try measure("tenant list (filter+search+sort+page)", bar: 10, times: runs) { _ in
            let search = searches.randomElement(using: &rng) ?? ""
            let query = TenantQuery(
                search: search.isEmpty ? nil : search,
                status: Bool.random(using: &rng) ? TenantStatus.allCases.randomElement(using: &rng) : nil,
                planID: Bool.random(using: &rng) ? plans.randomElement(using: &rng)?.id : nil,
                sort: TenantSort.allCases.randomElement(using: &rng) ?? .name, descending: Bool.random(using: &rng),
                page: Int.random(in: 1...4, using: &rng))
            _ = try portal.tenants.list(query, by: actor)
        }
        for sort in TenantSort.allCases {
            try measure("  tenant list sorted by \(sort.rawValue), random filters", bar: 10, times: max(1, runs / 4)) { _ in
                let search = searches.randomElement(using: &rng) ?? ""
                let query = TenantQuery(
                    search: search.isEmpty ? nil : search,
                    status: Bool.random(using: &rng) ? TenantStatus.allCases.randomElement(using: &rng) : nil,
                    planID: Bool.random(using: &rng) ? plans.randomElement(using: &rng)?.id : nil, sort: sort,
                    descending: Bool.random(using: &rng), page: Int.random(in: 1...4, using: &rng))
                _ = try portal.tenants.list(query, by: actor)
            }
        }
        try measure("tenant list (no filter, page 1 by name)", bar: 10, times: runs) { _ in
            _ = try portal.tenants.list(TenantQuery(), by: actor)
        }
        try measure("inbox: one user's page + unread", bar: 5, times: runs) { index in
            _ = try portal.broadcasts.inbox(limit: 20, by: readers[index % readers.count])
        }
        try measure("unread count only", bar: 5, times: runs) { index in
            _ = try portal.broadcasts.unreadCount(by: readers[index % readers.count])
        }
        let recipients = try portal.broadcasts.recipientCount(.all, by: actor)
        try measure("broadcast send to all (\(recipients) recipients)", bar: 1_000, times: sends) { index in
            // Timed: writing the draft and sending it (the send alone is one row update).
            let draft = try portal.broadcasts.createDraft(
                BroadcastDraft(title: "Benchmark \(index)", bodyHTML: "<p>Benchmark broadcast \(index)</p>", audience: .all),
                by: actor)
            _ = try portal.broadcasts.send(draft.id, by: actor)
        }
        try measure("recipient count (all users)", bar: 0, times: min(runs, 50)) { _ in
            _ = try portal.broadcasts.recipientCount(.all, by: actor)
        }
        let sizes = portal.database.fileSizes()
        print(String(format: "database %.1f MB (+ %.1f MB WAL)", Double(sizes.database) / 1e6, Double(sizes.wal) / 1e6))
        print("| measurement | runs | p50 ms | p95 ms | max ms | bar (p95) |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        var failed = false
        for m in measurements {
            let p95 = m.percentile(0.95)
            let verdict =
                m.barMilliseconds == 0
                ? "-" : p95 < m.barMilliseconds ? "< \(Int(m.barMilliseconds)) ms ok" : "< \(Int(m.barMilliseconds)) ms MISSED"
            if m.barMilliseconds > 0, p95 >= m.barMilliseconds { failed = true }
            let numbers = String(format: "%.2f | %.2f | %.2f", m.percentile(0.5), p95, m.samples.max() ?? 0)
            print("| \(m.name) | \(m.samples.count) | \(numbers) | \(verdict) |")
        }
        return failed ? 1 : 0
    }
}

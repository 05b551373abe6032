import Foundation
import Synchronization
import Testing

@testable import PortalDomain

@Suite struct JobSchedulerTests {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "the disk is on fire" }
    }

    @Test func aFailingJobRecordsItsErrorAndTheOthersKeepRunning() throws {
        let f = try PortalFixture()
        let jobs = f.portal.jobs
        let counter = Mutex(0)
        jobs.register("test-failing", every: 60) { throw Broken() }
        jobs.register("test-counting", every: 60) {
            counter.withLock { $0 += 1 }
            return "counted"
        }
        let ran = jobs.runDue()
        #expect(ran.contains("test-failing") && ran.contains("test-counting") && ran.contains("integrity-check"))
        #expect(counter.withLock { $0 } == 1)
        let statuses = Dictionary(uniqueKeysWithValues: try jobs.statuses().map { ($0.name, $0) })
        let failing = try #require(statuses["test-failing"])
        #expect(failing.isFailing && failing.lastError == "the disk is on fire" && failing.failures == 1 && failing.runs == 1)
        let counting = try #require(statuses["test-counting"])
        #expect(!counting.isFailing && counting.lastResult == "counted" && counting.lastSuccessAt == f.clock.seconds)
        #expect(statuses.values.filter { $0.name != "test-failing" }.allSatisfy { !$0.isFailing })
        let events = try f.portal.health.events(minimum: .error, by: f.owner)
        #expect(events.contains { $0.source == "job:test-failing" && $0.message == "the disk is on fire" })
        // Nothing is due again until the interval has passed; then both run again.
        #expect(jobs.runDue().isEmpty)
        f.clock.advance(by: 60)
        #expect(Set(jobs.runDue()).isSuperset(of: ["test-failing", "test-counting", "expire-feature-overrides"]))
        #expect(counter.withLock { $0 } == 2)
        #expect(try jobs.statuses().first { $0.name == "test-failing" }?.failures == 2)
    }

    @Test func theThreadStartsAndStops() throws {
        let f = try PortalFixture()
        let ran = Mutex(0)
        f.portal.jobs.register("test-thread", every: 3_600) {
            ran.withLock { $0 += 1 }
            return "ok"
        }
        f.portal.jobs.start()
        f.portal.jobs.start()
        // The first pass runs every job at once; stop() waits for the pass in progress.
        var waited = 0
        while ran.withLock({ $0 }) == 0 && waited < 500 {
            usleepMilliseconds(10)
            waited += 1
        }
        f.portal.jobs.stop()
        f.portal.jobs.stop()
        #expect(ran.withLock { $0 } == 1)
    }

    @Test func domainJobsDoTheirWork() throws {
        let f = try PortalFixture()
        let (trial, _) = try f.tenant("Trial Studio", trialDays: 1)
        let (active, _) = try f.tenant("Paying Studio")
        f.clock.set(Date(timeIntervalSince1970: 1_775_044_800))  // 2026-04-01 12:00 UTC: March is billable
        try f.portal.jobs.run("mark-trials-overdue")
        #expect(try f.portal.tenants.get(trial.id, by: f.owner).trialOverdueAt == f.clock.seconds)
        try f.portal.jobs.run("issue-month-end-invoices")
        let invoices = try f.portal.invoices.list(tenant: active.id, by: f.owner)
        #expect(invoices.map(\.period) == ["2026-03"] && invoices[0].amount == Money(minorUnits: 4_900, currency: "EUR"))
        #expect(try f.portal.invoices.list(tenant: trial.id, by: f.owner).isEmpty)
        try f.portal.jobs.run("issue-month-end-invoices")
        #expect(try f.portal.invoices.list(tenant: active.id, by: f.owner).count == 1)
        f.clock.advance(by: 15 * 86_400)
        try f.portal.jobs.run("mark-invoices-overdue")
        #expect(try f.portal.invoices.list(tenant: active.id, by: f.owner)[0].status == .overdue)
        _ = try f.portal.invoices.markPaid(invoices[0].id, by: f.billing)
        #expect(try f.portal.metrics.revenue(by: f.owner).primary == Money(minorUnits: 4_900, currency: "EUR"))
        let check = try f.portal.jobs.run("integrity-check")
        #expect(check.lastResult?.hasPrefix("quick_check ok") == true)
        try f.portal.jobs.run("verify-audit-chain")
        #expect(try f.portal.audit.lastVerification()?.isIntact == true)
        let refresh = try f.portal.jobs.run("refresh-aggregates")
        #expect(refresh.lastResult == "2 tenants refreshed")
        let health = try f.portal.health.snapshot(by: f.viewer)
        #expect(health.databaseReachable && health.lastIntegrityCheck?.ok == true && health.jobs.count >= 7)
        #expect(health.migrationLevel == Migrator.currentLevel && !health.sqliteVersion.isEmpty)
    }
}

/// Sleeps the calling thread.
func usleepMilliseconds(_ milliseconds: Int) {
    Thread.sleep(forTimeInterval: Double(milliseconds) / 1_000)
}

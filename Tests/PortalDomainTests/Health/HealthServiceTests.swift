import Foundation
import Testing

@testable import PortalDomain

@Suite struct HealthServiceTests {
    @Test func snapshotReportsStorageJobsAndEvents() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-health-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let portal = try Portal.open(dataDirectory: DataDirectory(path: root), clock: ManualClock(seconds: 1_772_452_800))
        let viewer = ActingUser.system("test")
        try portal.health.recordEvent(level: .info, source: "test", message: "hello")
        try portal.health.recordEvent(level: .error, source: "mail", message: String(repeating: "x", count: 5_000))
        let snapshot = try portal.health.snapshot(by: viewer)
        #expect(snapshot.databaseReachable && snapshot.databaseError == nil)
        let free = snapshot.freeBytes ?? 0
        #expect(snapshot.databaseBytes > 0 && free > 0 && (snapshot.totalBytes ?? 0) >= free)
        #expect(snapshot.jobs.map(\.name).contains("integrity-check") && snapshot.jobs.allSatisfy { $0.runs == 0 })
        #expect(snapshot.recentEvents.map(\.source) == ["mail"])
        #expect(snapshot.recentEvents[0].message.count == 2_000)
        #expect(try portal.health.events(by: viewer).count == 2)
        let check = try portal.health.runIntegrityCheck(.full)
        #expect(check.ok && check.result == "ok")
        #expect(try portal.health.snapshot(by: viewer).lastIntegrityCheck?.kind == .full)
        let attributes = try FileManager.default.attributesOfItem(atPath: root + "/portal.sqlite")
        let mode = attributes[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(throws: DomainError.self) {
            _ = try portal.health.snapshot(by: ActingUser(userID: 1, role: .client, tenantID: 1))
        }
    }
}

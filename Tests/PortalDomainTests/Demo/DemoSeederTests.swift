import Foundation
import Testing

@testable import PortalDomain

@Suite struct DemoSeederTests {
    private static let referenceDay: Int64 = 1_772_409_600  // 2026-03-02 00:00 UTC

    private func options(seed: UInt64 = 1, tenants: Int = 12) -> DemoSeeder.Options {
        var options = DemoSeeder.Options()
        options.seed = seed
        options.tenantCount = tenants
        options.referenceDay = Self.referenceDay
        options.hasher = PortalFixture.cheapHasher
        return options
    }

    private func seeded(seed: UInt64 = 1, tenants: Int = 12) throws -> (Portal, DemoSeedReport) {
        let portal = try Portal.temporary(clock: ManualClock(seconds: Self.referenceDay + 9 * 3_600))
        return (portal, try DemoSeeder(portal: portal).seed(options(seed: seed, tenants: tenants)))
    }

    @Test func sameSeedSameDataAndADifferentSeedDiffers() throws {
        let (first, report) = try seeded()
        let (second, _) = try seeded()
        let (third, _) = try seeded(seed: 2)
        #expect(report.seeded && report.tenants == 12 && report.sessions > 1_000)
        let digest = try DemoSeeder.digest(first.database)
        #expect(try DemoSeeder.digest(second.database) == digest)
        #expect(try DemoSeeder.digest(third.database) != digest)
    }

    @Test func seedingAgainChangesNothing() throws {
        let (portal, _) = try seeded()
        let digest = try DemoSeeder.digest(portal.database)
        let again = try DemoSeeder(portal: portal).seed(options(seed: 7))
        #expect(!again.seeded && again.seed == 1 && again.tenants == 12)
        #expect(try DemoSeeder.digest(portal.database) == digest)
    }

    @Test func aDatabaseWithOtherDataIsNeitherSeededNorPrinted() throws {
        let f = try PortalFixture()
        _ = try f.tenant()
        let seeder = DemoSeeder(portal: f.portal)
        #expect(try seeder.state() == .notDemo)
        #expect(throws: DomainError.self) { _ = try seeder.seed(options()) }
        #expect(throws: DomainError.self) { _ = try seeder.accounts() }
    }

    @Test func demoAccountsCoverEveryRoleAndSignIn() throws {
        let (portal, _) = try seeded()
        let accounts = try DemoSeeder(portal: portal).accounts()
        #expect(Set(accounts.map(\.role)) == Set(Role.allCases.map(\.rawValue)))
        for account in accounts {
            let credentials = try #require(try portal.users.credentials(email: account.email))
            #expect(PortalFixture.cheapHasher.verify(account.password, against: try #require(credentials.passwordHash)))
            let role = try #require(Role(rawValue: account.role))
            #expect((account.totp_secret != nil) == role.isOwnerStaff)
            #expect(credentials.user.totpEnabled == role.isOwnerStaff)
            #expect((account.tenant == "Bodyforge EMS Berlin") == role.isTenantRole)
        }
        // Passwords come from the seed: printing again gives the same list.
        #expect(try DemoSeeder(portal: portal).accounts() == accounts)
        // Only the demo accounts have passwords.
        #expect(try portal.database.read { try $0.int("SELECT count(*) FROM users WHERE password_hash IS NOT NULL") } == 7)
    }

    @Test func theDataHasTheShapeTheDemoNeeds() throws {
        let (portal, _) = try seeded(tenants: 40)
        let owner = ActingUser.system("test")
        let atLimit = try portal.usage.usage(tenant: 1, by: owner)
        #expect(atLimit.activeClients == 100 && atLimit.limit(.clients) == 100 && atLimit.planName == "Starter")
        #expect(try portal.tenants.get(2, by: owner).status == .active)
        #expect(try portal.usage.usage(tenant: 2, by: owner).percent(.clients) == 85)
        let overLimit = try portal.tenants.get(3, by: owner)
        #expect(overLimit.status == .blocked && overLimit.blockKind == .overLimit)
        let statuses = Set(try portal.tenants.list(TenantQuery(perPage: 200), by: owner).items.map(\.status))
        #expect(statuses == Set(TenantStatus.allCases))
        #expect(try portal.upgrades.pending(by: owner).count >= 1)
        let dashboard = try portal.metrics.dashboard(timeZone: "Europe/Berlin", by: owner)
        #expect(dashboard.revenue.primary.minorUnits > 0 && dashboard.activeTenants.active > 0)
        #expect(dashboard.sessionsPerTenant.sessions > 0 && dashboard.peakHour.hour != nil)
        #expect(dashboard.alerts.counts[.usage, default: 0] >= 3 && dashboard.alerts.counts[.systemError] == 2)
        #expect(try portal.audit.verifyChain().isIntact)
        // The maintained aggregates equal a rebuild from the bookings.
        let before = try portal.database.read { try $0.rows("SELECT * FROM session_slots ORDER BY slot").map(\.description) }
        try portal.database.write { try SessionSlots.rebuild($0) }
        #expect(
            try portal.database.read { try $0.rows("SELECT * FROM session_slots ORDER BY slot").map(\.description) } == before)
        #expect(try portal.database.read { try $0.rows("PRAGMA foreign_key_check") }.isEmpty)
        // The demo tenant admin's inbox has the broadcasts sent after they joined.
        let admin = try #require(try portal.users.user(email: "admin@bodyforge-berlin.example"))
        let inbox = try portal.broadcasts.inbox(by: ActingUser(userID: admin.id, role: .tenantAdmin, tenantID: 1))
        #expect(!inbox.items.isEmpty)
    }
}

@Suite struct DemoAccountTests {
    @Test func jsonHasEveryKeyWithNullsForMissingValues() throws {
        let account = DemoAccount(email: "client@x.example", role: "client", password: "pw", totp_secret: nil, tenant: "Studio")
        let json = String(decoding: try JSONEncoder().encode([account]), as: UTF8.self)
        #expect(json.contains("\"totp_secret\":null") && json.contains("\"tenant\":\"Studio\""))
        #expect(
            json.contains("\"email\":\"client@x.example\"") && json.contains("\"role\":\"client\"")
                && json.contains("\"password\":\"pw\""))
    }
}

@Suite struct DemoInterruptedSeedTests {
    @Test func anInterruptedRunIsRecognisedAndRefused() throws {
        let portal = try Portal.temporary()
        try portal.database.write { tx in
            try tx.run("INSERT INTO meta (key, value) VALUES ('demo_seeding', '1')")
            try tx.run("INSERT INTO features (key, name, created_at) VALUES ('x', 'X', 0)")
        }
        let seeder = DemoSeeder(portal: portal)
        #expect(try seeder.state() == .incomplete)
        #expect(throws: DomainError.self) { _ = try seeder.seed() }
        #expect(throws: DomainError.self) { _ = try seeder.accounts() }
    }
}

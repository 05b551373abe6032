import Foundation

@testable import PortalDomain

/// A fresh portal on a temporary database with a frozen clock, three plans, a feature catalogue and
/// staff actors: the common fixture of the domain tests.
struct PortalFixture {
    /// 2026-03-02 12:00:00 UTC, a Monday.
    static let start: Int64 = 1_772_452_800

    /// scrypt with N = 2^10: the format and checks of the real policy at a fraction of its cost.
    static let cheapHasher = PasswordHasher(logN: 10, r: 8, p: 1)

    let portal: Portal
    let clock: ManualClock
    let owner: ActingUser
    let support: ActingUser
    let billing: ActingUser
    let viewer: ActingUser
    /// Starter (3 clients, 2 coaches, 4 sessions/month, 1 GB), Pro (10/5/20/10), Unlimited.
    let starter: Plan
    let pro: Plan
    let unlimited: Plan

    init() throws {
        let clock = ManualClock(seconds: PortalFixture.start)
        let portal = try Portal.temporary(clock: clock)
        self.clock = clock
        self.portal = portal
        owner = try PortalFixture.staff(portal, "owner@test.example", .ownerAdmin)
        support = try PortalFixture.staff(portal, "support@test.example", .support)
        billing = try PortalFixture.staff(portal, "billing@test.example", .billingOps)
        viewer = try PortalFixture.staff(portal, "viewer@test.example", .readOnly)
        for key in ["online_booking", "reports", "marketing_automation"] {
            _ = try portal.features.define(key: key, name: key.capitalized, description: "The \(key) feature", by: owner)
        }
        starter = try portal.plans.create(
            PlanDraft(
                name: "Starter", priceMinor: 4_900, currency: "EUR",
                limits: PlanLimits(clients: 3, coaches: 2, sessionsPerMonth: 4, storageGB: 1), features: ["online_booking"],
                sortOrder: 1), by: owner)
        pro = try portal.plans.create(
            PlanDraft(
                name: "Pro", priceMinor: 14_900, currency: "EUR",
                limits: PlanLimits(clients: 10, coaches: 5, sessionsPerMonth: 20, storageGB: 10),
                features: ["online_booking", "reports"], sortOrder: 2), by: owner)
        unlimited = try portal.plans.create(
            PlanDraft(
                name: "Unlimited", priceMinor: 49_900, currency: "EUR",
                limits: PlanLimits(clients: nil, coaches: nil, sessionsPerMonth: nil, storageGB: nil),
                features: ["online_booking", "reports", "marketing_automation"], sortOrder: 3), by: owner)
    }

    private static func staff(_ portal: Portal, _ email: String, _ role: Role) throws -> ActingUser {
        let user = try portal.users.createStaff(
            email: email, displayName: role.label, role: role, password: "correct horse battery", hasher: cheapHasher,
            by: .system("test")
        ).user
        return ActingUser(userID: user.id, role: role, requestID: "req-test", ip: "192.0.2.1")
    }

    /// A tenant with its admin, on `plan` (Starter by default).
    func tenant(
        _ name: String = "Pulse EMS Berlin", plan: Plan? = nil, timeZone: String = "Europe/Berlin", trialDays: Int64? = nil
    ) throws -> (tenant: Tenant, admin: ActingUser) {
        let tenant = try portal.tenants.create(
            TenantDraft(
                name: name, planID: (plan ?? starter).id, contactName: "Anna Schmidt",
                contactEmail: "anna@\(name.lowercased().filter(\.isLetter)).example", contactPhone: "+49 30 1234567",
                timeZone: timeZone, trialEndsAt: trialDays.map { clock.seconds + $0 * 86_400 }), by: owner)
        let admin = try portal.users.createTenantAdmin(
            tenant: tenant.id, email: "admin@\(name.lowercased().filter(\.isLetter)).example", displayName: "Anna Admin",
            by: owner)
        return (
            tenant, ActingUser(userID: admin.id, role: .tenantAdmin, tenantID: tenant.id, requestID: "req-t", ip: "198.51.100.7")
        )
    }

    /// Adds `count` clients to the tenant as its admin.
    @discardableResult
    func clients(_ count: Int, tenant: Int64, admin: ActingUser, prefix: String = "Client") throws -> [Person] {
        try (0..<count).map { index in
            try portal.clients.add(
                tenant: tenant,
                PersonDraft(name: "\(prefix) \(index)", email: "\(prefix.lowercased())\(index).\(tenant)@mail.example"), by: admin
            )
        }
    }

    /// Row count of a table (tests compare before/after).
    func count(_ table: String) throws -> Int64 {
        try portal.database.read { db in try db.int("SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// The newest audit entry.
    func lastAudit() throws -> AuditEntry? {
        try portal.audit.page(AuditFilter(), limit: 1, by: owner).entries.first
    }
}

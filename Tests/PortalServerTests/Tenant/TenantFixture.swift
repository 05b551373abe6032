import Foundation
import Synchronization

@testable import PortalDomain
@testable import PortalServer

/// Two studios on small plans, each with an admin, and in studio A a coach and a client who can sign in:
/// the common fixture of the tenant page tests. Requests go through the whole application in-process
/// with real sessions: each user gets a `__Host-portal` cookie of a signed-in session, and every POST
/// carries the session's CSRF token and a same-origin `Origin`, so the sign-in middleware runs as in
/// production.
final class TenantFixture: Sendable {
    /// The application and its domain.
    let test: TestPortal
    /// Starter: 3 clients, 2 coaches, 4 sessions a month, 1 GB.
    let starter: Plan
    /// Pro: 10 clients, 5 coaches, 20 sessions a month, 10 GB.
    let pro: Plan
    /// Studio A (Europe/Berlin, Starter).
    let tenantA: Tenant
    /// Studio B (America/New_York, Starter).
    let tenantB: Tenant
    /// Studio A's admin.
    let adminA: User
    /// Studio B's admin.
    let adminB: User
    /// A coach of studio A with a login (one of its two coach seats).
    let coachA: User
    /// A client of studio A with a login (one of its three client seats).
    let clientA: User
    /// A support agent.
    let support: User
    /// An owner admin.
    let ownerAdmin: User

    /// The TOTP secrets of the staff users (owner staff must have two-factor sign-in).
    let secrets: [Int64: String]
    /// Each user's session cookie token (replaced when a response rotates it).
    private let tokens = Mutex<[Int64: String]>([:])

    /// The system actor that seeds.
    static let system = ActingUser.system("test")

    init() throws {
        test = try TestPortal(auth: .cheap)
        let portal = test.portal
        let system = TenantFixture.system
        let hasher = portal.auth.configuration.hasher
        support = try portal.users.createStaff(
            email: "support@owner.example", displayName: "Sam Support", role: .support, password: "correct horse battery",
            hasher: hasher, by: system
        ).user
        ownerAdmin = try portal.users.createStaff(
            email: "admin@owner.example", displayName: "Olga Owner", role: .ownerAdmin, password: "correct horse battery",
            hasher: hasher, by: system
        ).user
        starter = try portal.plans.create(
            PlanDraft(
                name: "Starter", priceMinor: 4_900, currency: "EUR",
                limits: PlanLimits(clients: 3, coaches: 2, sessionsPerMonth: 4, storageGB: 1), features: [], sortOrder: 1),
            by: system)
        pro = try portal.plans.create(
            PlanDraft(
                name: "Pro", priceMinor: 14_900, currency: "EUR",
                limits: PlanLimits(clients: 10, coaches: 5, sessionsPerMonth: 20, storageGB: 10), features: [], sortOrder: 2),
            by: system)
        (tenantA, adminA) = try TenantFixture.studio(portal, "Studio Alpha", "alpha", zone: "Europe/Berlin", plan: starter)
        (tenantB, adminB) = try TenantFixture.studio(portal, "Studio Beta", "beta", zone: "America/New_York", plan: starter)
        let adminActor = TenantFixture.actor(adminA)
        _ = try portal.coaches.add(
            tenant: tenantA.id, PersonDraft(name: "Cora Coach", email: "coach@alpha.example"), by: adminActor)
        _ = try portal.clients.add(
            tenant: tenantA.id, PersonDraft(name: "Carl Client", email: "client@alpha.example"), by: adminActor)
        coachA = try requireUser(portal, "coach@alpha.example")
        clientA = try requireUser(portal, "client@alpha.example")
        var secrets: [Int64: String] = [:]
        for staff in [support, ownerAdmin] {
            let secret = TOTPSecret.generate()
            try portal.users.setTOTP(userID: staff.id, secret: secret, enabled: true, by: system)
            secrets[staff.id] = secret
        }
        self.secrets = secrets
    }

    private static func studio(_ portal: Portal, _ name: String, _ slug: String, zone: String, plan: Plan) throws
        -> (Tenant, User)
    {
        let tenant = try portal.tenants.create(
            TenantDraft(
                name: name, planID: plan.id, contactName: "Contact \(slug)", contactEmail: "contact@\(slug).example",
                timeZone: zone), by: system)
        let admin = try portal.users.createTenantAdmin(
            tenant: tenant.id, email: "admin@\(slug).example", displayName: "Admin \(slug.capitalized)", by: system)
        return (tenant, admin)
    }

    /// The domain.
    var portal: Portal { test.portal }
    /// The clock pages and domain read.
    var clock: ManualClock { test.clock }

    /// The domain actor of `user` (not impersonated).
    static func actor(_ user: User) -> ActingUser {
        ActingUser(userID: user.id, role: user.role, tenantID: user.tenantID, requestID: "fixture", ip: "192.0.2.9")
    }

    /// The page viewer of `user`.
    func viewer(_ user: User) -> Viewer {
        let zone = user.tenantID.flatMap { id in [tenantA, tenantB].first { $0.id == id }?.timeZone } ?? "UTC"
        return Viewer(
            userID: user.id, role: user.role, tenantID: user.tenantID, name: user.displayName, email: user.email, timeZone: zone)
    }

    /// The cookie token of `user`'s signed-in session (made on first use, second factor just checked).
    func token(_ user: User) throws -> String {
        if let token = tokens.withLock({ $0[user.id] }) { return token }
        guard let current = try portal.users.user(user.id) else { throw FixtureError(message: "no user \(user.id)") }
        let portal = self.portal
        let token = try portal.database.write { tx in
            try SessionStore.create(
                tx, user: current, state: .full, secondFactorAt: portal.clock.seconds,
                client: ClientInfo(ip: "127.0.0.1", userAgent: "tenant-tests"), at: portal.clock.seconds,
                configuration: portal.auth.configuration
            ).token
        }
        tokens.withLock { $0[user.id] = token }
        return token
    }

    /// The id of `user`'s session.
    func sessionID(_ user: User) throws -> Int64 {
        guard let active = try portal.sessions.resolve(token: try token(user)) else {
            throw FixtureError(message: "the session of \(user.email) is gone")
        }
        return active.record.id
    }

    /// The CSRF token of `user`'s session.
    func csrf(_ user: User) throws -> String {
        portal.sessions.csrfToken(sessionID: try sessionID(user))
    }

    /// Keeps a rotated session token (impersonation start, stop and elevation replace it).
    private func remember(_ response: PageResponse, for user: User) -> PageResponse {
        if let token = response.cookie(SessionCookie.name), !token.isEmpty {
            tokens.withLock { $0[user.id] = token }
        }
        return response
    }

    /// GET `path` as `user`.
    func get(_ path: String, as user: User, headers: [(String, String)] = []) throws -> PageResponse {
        let cookie = ("Cookie", "\(SessionCookie.name)=\(try token(user))")
        return remember(try test.get(path, headers: [cookie] + headers), for: user)
    }

    /// POST a form to `path` as `user`, with the session's CSRF token and a same-origin `Origin`.
    func post(_ path: String, _ form: [(String, String)] = [], as user: User) throws -> PageResponse {
        let headers = [("Origin", "https://a"), ("Cookie", "\(SessionCookie.name)=\(try token(user))")]
        return remember(try test.post(path, form: [("_csrf", try csrf(user))] + form, headers: headers), for: user)
    }

    /// `staff` starts impersonating `target` through the owner route (read-only, `minutes` long).
    @discardableResult
    func impersonate(_ target: User, by staff: User, minutes: Int = 15) throws -> PageResponse {
        try post(
            "/owner/tenants/\(target.tenantID ?? 0)/impersonate",
            [
                ("user_id", String(target.id)), ("reason", "Ticket asks to check the client list"), ("ticket", "SUP-100"),
                ("minutes", String(minutes)),
            ], as: staff)
    }

    /// The newest entry of studio A's provider-access log, read as its admin (nil when there is none).
    func latestImpersonationOfStudioA() throws -> Impersonation? {
        try portal.impersonations.log(tenant: tenantA.id, by: TenantFixture.actor(adminA)).items.first
    }

    /// The current TOTP code of a staff user.
    func code(_ staff: User) -> String {
        TOTPSecret.code(secret: secrets[staff.id] ?? "", step: TOTPSecret.step(at: clock.seconds)) ?? ""
    }

    /// `staff` switches their running impersonation to write mode.
    @discardableResult
    func elevate(_ staff: User) throws -> PageResponse {
        try post("/impersonation/elevate", [("code", code(staff)), ("reason", "The ticket needs a fix")], as: staff)
    }

    /// Row count of a table.
    func count(_ table: String) throws -> Int64 {
        try portal.database.read { db in try db.int("SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// Row counts of every table a tenant page writes: equal before and after means nothing was written.
    func snapshot() throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for table in [
            "clients", "coaches", "users", "bookings", "tenant_usage", "tenant_month_sessions", "audit_entries",
            "upgrade_requests", "messages", "message_reads",
        ] {
            counts[table] = try count(table)
        }
        return counts
    }

    /// Audit entries with `action`, newest first.
    func audit(_ action: String) throws -> [AuditEntry] {
        try portal.audit.page(AuditFilter(action: action), limit: 100, by: TenantFixture.actor(ownerAdmin)).entries
    }
}

/// The user with `email`, or a test failure.
private func requireUser(_ portal: Portal, _ email: String) throws -> User {
    guard let user = try portal.users.user(email: email) else { throw FixtureError(message: "no user \(email)") }
    return user
}

/// A fixture that could not be built.
struct FixtureError: Error, CustomStringConvertible {
    /// What was missing.
    let message: String
    var description: String { message }
}

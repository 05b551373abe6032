import Foundation

@testable import PortalDomain
@testable import PortalServer

/// The owner console in-process: staff of every owner role (TOTP enrolled, times in Europe/Berlin), three
/// plans, a feature catalogue, two studios with people and sessions, a pending upgrade request and a broadcast
/// draft.
///
/// Requests go through the whole middleware stack with a real signed-in session of the chosen role: its
/// `__Host-portal` cookie, its CSRF token on every form and a second factor checked at start-up, so step-up
/// routes pass (`get(_:as:)`, `post(_:_:as:)`); `post(_:_:as:secondFactorAge:)` makes that check older.
struct OwnerFixture {
    /// The application.
    let test: TestPortal
    /// Staff viewers by role.
    let staff: [Role: Viewer]
    /// Each staff member's TOTP secret.
    let secrets: [Role: String]
    /// Each staff member's session: cookie token and CSRF token.
    let sessions: [Role: (token: String, csrf: String)]
    /// Starter (4 clients, 2 coaches, 10 sessions a month, 1 GB), Pro and Enterprise (unlimited).
    let starter: Plan
    let pro: Plan
    let enterprise: Plan
    /// "Bodyforge Berlin" on Starter with 3 clients, 1 coach and 2 sessions; its admin.
    let tenant: Tenant
    let tenantAdmin: ActingUser
    /// "Pulse Hamburg" on Starter, with a pending upgrade request to Pro.
    let other: Tenant
    let otherAdmin: ActingUser
    /// The pending request.
    let upgrade: UpgradeRequest
    /// A draft broadcast to tenant admins.
    let draft: Broadcast

    /// The owner roles.
    static let ownerRoles: [Role] = [.ownerAdmin, .support, .billingOps, .readOnly]
    /// Cheap scrypt for test accounts.
    static let hasher = PasswordHasher(logN: 10, r: 8, p: 1)
    /// The staff accounts' password.
    static let password = "owner portal test password"

    init() throws {
        let test = try TestPortal(auth: .cheap)
        let portal = test.portal
        let system = ActingUser.system("test")
        var staff: [Role: Viewer] = [:]
        var secrets: [Role: String] = [:]
        var sessions: [Role: (token: String, csrf: String)] = [:]
        for role in OwnerFixture.ownerRoles {
            let user = try portal.users.createStaff(
                email: "\(role.rawValue)@owner.example", displayName: "\(role.label) Person", role: role,
                password: OwnerFixture.password, hasher: OwnerFixture.hasher, by: system
            ).user
            let secret = TOTPSecret.generate()
            try portal.users.setTOTP(userID: user.id, secret: secret, enabled: true, by: system)
            try portal.users.updateProfile(
                userID: user.id, displayName: user.displayName, timeZone: "Europe/Berlin",
                by: ActingUser(userID: user.id, role: role))
            staff[role] = Viewer(
                userID: user.id, role: role, tenantID: nil, name: user.displayName, email: user.email, timeZone: "Europe/Berlin")
            secrets[role] = secret
            sessions[role] = try OwnerFixture.signIn(portal, userID: user.id, secondFactorAt: test.clock.seconds)
        }
        for (key, name) in [
            ("online_booking", "Online booking"), ("reports", "Reports"), ("marketing_automation", "Marketing automation"),
        ] {
            _ = try portal.features.define(key: key, name: name, description: "The \(name.lowercased()) feature", by: system)
        }
        starter = try portal.plans.create(
            PlanDraft(
                name: "Starter", priceMinor: 4_900, currency: "EUR",
                limits: PlanLimits(clients: 4, coaches: 2, sessionsPerMonth: 10, storageGB: 1), features: ["online_booking"],
                sortOrder: 1), by: system)
        pro = try portal.plans.create(
            PlanDraft(
                name: "Pro", priceMinor: 14_900, currency: "EUR",
                limits: PlanLimits(clients: 50, coaches: 10, sessionsPerMonth: 500, storageGB: 50),
                features: ["online_booking", "reports"], sortOrder: 2), by: system)
        enterprise = try portal.plans.create(
            PlanDraft(
                name: "Enterprise", priceMinor: 49_900, currency: "EUR",
                limits: PlanLimits(clients: nil, coaches: nil, sessionsPerMonth: nil, storageGB: nil),
                features: ["online_booking", "reports", "marketing_automation"], sortOrder: 3), by: system)
        let (tenant, tenantAdmin) = try OwnerFixture.studio(portal, "Bodyforge Berlin", plan: starter, zone: "Europe/Berlin")
        (other, otherAdmin) = try OwnerFixture.studio(portal, "Pulse Hamburg", plan: starter, zone: "Europe/Berlin")
        let coach = try portal.coaches.add(
            tenant: tenant.id, PersonDraft(name: "Carla Coach", email: "carla@bodyforge.example"), by: tenantAdmin)
        let clients = try (0..<3).map {
            try portal.clients.add(
                tenant: tenant.id, PersonDraft(name: "Client \($0)", email: "client\($0)@bodyforge.example"), by: tenantAdmin)
        }
        self.tenant = tenant
        self.tenantAdmin = tenantAdmin
        for (index, client) in clients.prefix(2).enumerated() {
            _ = try portal.bookings.create(
                tenant: tenant.id,
                BookingDraft(clientID: client.id, coachID: coach.id, startsAt: test.clock.seconds + 3_600 + Int64(index) * 7_200),
                by: tenantAdmin)
        }
        upgrade = try portal.upgrades.submit(tenant: other.id, toPlan: pro.id, reason: "We are growing fast", by: otherAdmin)
        draft = try portal.broadcasts.createDraft(
            BroadcastDraft(
                title: "Maintenance on Sunday", bodyHTML: "<p>We update the <strong>booking app</strong>.</p>",
                audience: .tenantAdmins),
            by: ActingUser(userID: staff[.ownerAdmin]!.userID, role: .ownerAdmin))
        self.test = test
        self.staff = staff
        self.secrets = secrets
        self.sessions = sessions
    }

    /// A full session of user `userID` whose second factor was checked at `secondFactorAt`: its cookie and
    /// CSRF tokens.
    static func signIn(_ portal: Portal, userID: Int64, secondFactorAt: Int64) throws -> (token: String, csrf: String) {
        guard let user = try portal.users.user(userID) else { throw DomainError.notFound("user \(userID)") }
        let configuration = portal.auth.configuration
        let now = portal.clock.seconds
        let token = try portal.database.write { tx in
            try SessionStore.create(
                tx, user: user, state: .full, secondFactorAt: secondFactorAt,
                client: ClientInfo(ip: "127.0.0.1", userAgent: "owner tests"), at: now, configuration: configuration
            ).token
        }
        guard let csrf = try portal.sessions.resolve(token: token)?.csrfToken else {
            throw DomainError.notFound("session of user \(userID)")
        }
        return (token, csrf)
    }

    /// A studio with its admin.
    static func studio(_ portal: Portal, _ name: String, plan: Plan, zone: String) throws -> (Tenant, ActingUser) {
        let system = ActingUser.system("test")
        let slug = name.lowercased().filter(\.isLetter)
        let tenant = try portal.tenants.create(
            TenantDraft(
                name: name, planID: plan.id, contactName: "Tina Admin", contactEmail: "contact@\(slug).example",
                contactPhone: "+49 30 1234567", timeZone: zone), by: system)
        let admin = try portal.users.createTenantAdmin(
            tenant: tenant.id, email: "admin@\(slug).example", displayName: "Tina Admin", by: system)
        return (tenant, ActingUser(userID: admin.id, role: .tenantAdmin, tenantID: tenant.id))
    }

    /// The domain.
    var portal: Portal { test.portal }

    /// A session of the staff member with `role`, for attaching to a context directly (second factor fresh).
    func session(_ role: Role) -> WebSession {
        WebSession(
            id: 0, user: staff[role]!, impersonation: nil, impersonatedUser: nil, csrfToken: "csrf-token",
            secondFactorAt: test.clock.seconds)
    }

    /// The domain actor of the staff member with `role`.
    func actor(_ role: Role) -> ActingUser { ActingUser(userID: staff[role]!.userID, role: role) }

    /// GET `path` signed in as `role` (the session cookie).
    func get(_ path: String, as role: Role = .ownerAdmin, headers: [(String, String)] = []) throws -> PageResponse {
        try test.get(path, headers: headers + [("Cookie", "\(SessionCookie.name)=\(sessions[role]!.token)")])
    }

    /// POST a form to `path` signed in as `role`, with the session's CSRF token and a same-origin `Origin`.
    func post(_ path: String, _ form: [(String, String)], as role: Role = .ownerAdmin) throws -> PageResponse {
        try post(path, form, session: sessions[role]!)
    }

    /// POST a form to `path` in `session` (cookie and CSRF tokens).
    func post(_ path: String, _ form: [(String, String)], session: (token: String, csrf: String)) throws -> PageResponse {
        try test.post(
            path, form: [("_csrf", session.csrf)] + form,
            headers: [("Origin", "https://a"), ("Cookie", "\(SessionCookie.name)=\(session.token)")])
    }

    /// The newest audit entry with `action`.
    func lastAudit(_ action: String) throws -> AuditEntry? {
        try portal.audit.page(AuditFilter(action: action), limit: 1, by: actor(.readOnly)).entries.first
    }

    /// Audit entries so far (refusals must not add any).
    func auditCount() throws -> Int {
        try portal.audit.count(AuditFilter(), by: actor(.readOnly))
    }

    /// The flash message a redirect carries (decoded from its cookie).
    func flash(_ response: PageResponse) -> String? {
        for header in response.response.headers.values(for: .setCookie) where header.hasPrefix(FlashCookie.name + "=") {
            let value = header.dropFirst(FlashCookie.name.count + 1).split(separator: ";")[0]
            return FlashCookie(keyring: portal.keyring).decode(String(value)).first?.message
        }
        return nil
    }
}

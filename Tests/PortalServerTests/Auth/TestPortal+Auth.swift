import Foundation
import Testing

@testable import PortalDomain
@testable import PortalServer

extension AuthConfiguration {
    /// The production policy with scrypt N = 2^10, so HTTP tests can sign in often.
    static var cheap: AuthConfiguration {
        var configuration = AuthConfiguration()
        configuration.hasher = PasswordHasher(logN: 10, r: 8, p: 1)
        return configuration
    }
}

/// One account per role (staff with TOTP enrolled, tenant users of tenant 1) to sign in with.
struct AuthAccounts {
    /// Every account's password.
    static let password = "a long enough passphrase"

    /// The user of each role.
    let users: [Role: User]
    /// The TOTP secret of each staff user.
    let secrets: [Int64: String]
    /// The tenant of the tenant users.
    let tenantID: Int64

    /// Creates the accounts on `portal`.
    init(_ portal: Portal) throws {
        let system = ActingUser.system("test")
        let hasher = portal.auth.configuration.hasher
        var users: [Role: User] = [:]
        var secrets: [Int64: String] = [:]
        for role in Role.allCases where role.isOwnerStaff {
            let user = try portal.users.createStaff(
                email: "\(role.rawValue)@staff.example", displayName: role.label, role: role, password: AuthAccounts.password,
                hasher: hasher, by: system
            ).user
            let secret = TOTPSecret.generate()
            try portal.users.setTOTP(userID: user.id, secret: secret, enabled: true, by: system)
            users[role] = try portal.users.user(user.id)
            secrets[user.id] = secret
        }
        let plan = try portal.plans.create(
            PlanDraft(
                name: "Starter", priceMinor: 4_900, currency: "EUR",
                limits: PlanLimits(clients: 50, coaches: 10, sessionsPerMonth: 100, storageGB: 1), features: []),
            by: system)
        let tenant = try portal.tenants.create(
            TenantDraft(
                name: "Walk Studio", planID: plan.id, contactName: "Wanda", contactEmail: "wanda@walk.example",
                timeZone: "Europe/Berlin"), by: system)
        tenantID = tenant.id
        let admin = try portal.users.createTenantAdmin(
            tenant: tenant.id, email: "admin@walk.example", displayName: "Walk Admin", by: system)
        let adminActor = ActingUser(userID: admin.id, role: .tenantAdmin, tenantID: tenant.id)
        let coach = try portal.coaches.add(
            tenant: tenant.id, PersonDraft(name: "Walk Coach", email: "coach@walk.example"), by: adminActor)
        let client = try portal.clients.add(
            tenant: tenant.id, PersonDraft(name: "Walk Client", email: "client@walk.example"), by: adminActor)
        for id in [admin.id, try #require(coach.userID), try #require(client.userID)] {
            try portal.users.setPassword(userID: id, newPassword: AuthAccounts.password, hasher: hasher, by: system)
            let user = try #require(try portal.users.user(id))
            users[user.role] = user
        }
        self.users = users
        self.secrets = secrets
    }

    /// A fully signed-in session for `role` made directly in the domain (no throttling, no TOTP step used),
    /// with its second factor checked now; returns the cookie token.
    func session(_ role: Role, on portal: Portal, secondFactorAt: Int64? = nil) throws -> String {
        let user = try #require(users[role])
        let configuration = portal.auth.configuration
        let now = portal.clock.seconds
        return try portal.database.write { tx in
            try SessionStore.create(
                tx, user: user, state: .full, secondFactorAt: secondFactorAt ?? (role.isOwnerStaff ? now : nil),
                client: ClientInfo(ip: "127.0.0.1", userAgent: "test"), at: now, configuration: configuration
            ).token
        }
    }
}

extension TestPortal {
    /// A test portal with the cheap hasher and the role accounts.
    static func withAccounts() throws -> (TestPortal, AuthAccounts) {
        let test = try TestPortal(auth: .cheap)
        return (test, try AuthAccounts(test.portal))
    }

    /// The CSRF token of the first form on a page.
    static func csrf(in page: PageResponse) -> String? {
        guard let range = page.text.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in through the form: GET /login (pre-session), POST /login. Returns the POST's response.
    func signIn(_ email: String, password: String = AuthAccounts.password, next: String? = nil) throws -> PageResponse {
        let form = try get("/login")
        let token = try #require(TestPortal.csrf(in: form), "no CSRF token on /login")
        var fields = [("_csrf", token), ("email", email), ("password", password)]
        if let next { fields.append(("next", next)) }
        return try post("/login", form: fields)
    }

    /// Posts a form from `page` (taking its CSRF token) to `target`.
    func submit(_ target: String, from page: PageResponse, _ fields: [(String, String)]) throws -> PageResponse {
        let token = try #require(TestPortal.csrf(in: page), "no CSRF token on the page")
        return try post(target, form: [("_csrf", token)] + fields)
    }

    /// The current TOTP code of `secret`, `offset` steps away.
    func code(_ secret: String, offset: Int64 = 0) -> String {
        TOTPSecret.code(secret: secret, step: TOTPSecret.step(at: clock.seconds) + offset) ?? ""
    }
}

extension PageResponse {
    /// Every `Set-Cookie` field.
    var setCookies: [String] { response.headers.values(for: .setCookie) }

    /// The value a `Set-Cookie` field gives cookie `name` (nil when none sets it).
    func cookie(_ name: String) -> String? {
        for field in setCookies where field.hasPrefix(name + "=") {
            return String(field.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }
}

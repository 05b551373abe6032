import Foundation
import Testing

@testable import PortalDomain

extension AuthConfiguration {
    /// The production policy with scrypt N = 2^10 (same format and checks, a fraction of the cost).
    static var test: AuthConfiguration {
        var configuration = AuthConfiguration()
        configuration.hasher = PortalFixture.cheapHasher
        return configuration
    }
}

/// A portal with a manual clock and accounts to sign in with: an owner admin with TOTP, a support
/// agent without, and a tenant admin with a password.
struct AuthFixture {
    /// Every fixture account's password.
    static let password = "a long enough passphrase"

    let portal: Portal
    let clock: ManualClock
    /// Owner admin, TOTP enabled with `ownerSecret`.
    let owner: User
    let ownerSecret: String
    /// Support agent without TOTP (must enrol).
    let support: User
    /// Tenant admin of `tenantID`, without TOTP.
    let tenantAdmin: User
    let tenantID: Int64
    /// A Firefox on Linux at a documentation address.
    let client = ClientInfo(
        ip: "203.0.113.5", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        requestID: "req-auth")

    init(_ configure: (inout AuthConfiguration) -> Void = { _ in }) throws {
        var configuration = AuthConfiguration.test
        configure(&configuration)
        clock = ManualClock(seconds: PortalFixture.start)
        portal = try Portal.temporary(clock: clock, auth: configuration)
        let system = ActingUser.system("test")
        // Accounts are hashed with the cheap test hasher whatever the policy under test.
        let hasher = PortalFixture.cheapHasher
        owner = try portal.users.createStaff(
            email: "owner@auth.example", displayName: "Olga Owner", role: .ownerAdmin, password: AuthFixture.password,
            hasher: hasher, by: system
        ).user
        ownerSecret = TOTPSecret.generate()
        try portal.users.setTOTP(userID: owner.id, secret: ownerSecret, enabled: true, by: system)
        support = try portal.users.createStaff(
            email: "support@auth.example", displayName: "Sam Support", role: .support, password: AuthFixture.password,
            hasher: hasher, by: system
        ).user
        let plan = try portal.plans.create(
            PlanDraft(
                name: "Starter", priceMinor: 4_900, currency: "EUR",
                limits: PlanLimits(clients: 3, coaches: 2, sessionsPerMonth: 4, storageGB: 1), features: [], sortOrder: 1),
            by: system)
        let tenant = try portal.tenants.create(
            TenantDraft(
                name: "Pulse Studio", planID: plan.id, contactName: "Anna", contactEmail: "anna@pulse.example",
                contactPhone: nil, timeZone: "Europe/Berlin", trialEndsAt: nil), by: system)
        tenantID = tenant.id
        let admin = try portal.users.createTenantAdmin(
            tenant: tenant.id, email: "admin@pulse.example", displayName: "Anna Admin", by: system)
        try portal.users.setPassword(userID: admin.id, newPassword: AuthFixture.password, hasher: hasher, by: system)
        tenantAdmin = try #require(try portal.users.user(admin.id))
        // Made on first use otherwise; tests count derivations.
        _ = try portal.auth.shared.dummyHash()
    }

    /// Signs in and returns the grant; a refusal fails the test.
    func signIn(_ email: String, password: String = AuthFixture.password, client: ClientInfo? = nil) throws -> SessionGrant {
        let outcome = try portal.auth.signIn(email: email, password: password, client: client ?? self.client)
        return try #require(outcome.value, "sign-in of \(email) refused: \(String(describing: outcome.refusal))")
    }

    /// The TOTP code of `secret` at the clock's time, `offset` steps away.
    func code(_ secret: String, offset: Int64 = 0) -> String {
        TOTPSecret.code(secret: secret, step: TOTPSecret.step(at: clock.seconds) + offset) ?? ""
    }

    /// The owner signed in with password and code: a full session.
    func ownerSession() throws -> SessionGrant {
        let first = try signIn(owner.email)
        let outcome = try portal.twoFactor.completeSignIn(session: first.session.id, code: code(ownerSecret), client: client)
        return try #require(outcome.value)
    }

    /// Enrols the session's user in two-factor sign-in (a new secret, confirmed with its current code); a
    /// refusal fails the test.
    func enrol(_ grant: SessionGrant) throws -> (secret: String, result: EnrolmentResult) {
        let me = actor(grant)
        let secret = try portal.twoFactor.enrolment(session: grant.session.id, by: me).secret
        let outcome = try portal.twoFactor.confirmEnrolment(session: grant.session.id, code: code(secret), client: client, by: me)
        return (secret, try #require(outcome.value, "enrolment refused: \(String(describing: outcome.refusal))"))
    }

    /// The actor of a session's user, as the server builds it.
    func actor(_ grant: SessionGrant) -> ActingUser {
        ActingUser(
            userID: grant.user.id, role: grant.user.role, tenantID: grant.user.tenantID, requestID: client.requestID,
            ip: client.ip)
    }

    /// Audit entries with `action`, newest first.
    func audits(_ action: String) throws -> [AuditEntry] {
        try portal.audit.page(AuditFilter(action: action), limit: 100, by: .system("test")).entries
    }
}

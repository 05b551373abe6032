import Testing

@testable import PortalDomain

@Suite struct ImpersonationServiceTests {
    /// A studio with its admin, and a start request for that admin by the fixture's support agent.
    private func setUp(_ f: PortalFixture) throws -> (tenant: Tenant, admin: ActingUser, start: ImpersonationStart) {
        let (tenant, admin) = try f.tenant()
        let start = ImpersonationStart(
            targetUserID: try #require(admin.userID), tenantID: tenant.id, reason: "Client list looks wrong",
            ticket: "SUP-1042", minutes: 15, sessionID: 77)
        return (tenant, admin, start)
    }

    @Test func startingIsAuditedWithBothIdentitiesAndIsReadOnly() throws {
        let f = try PortalFixture()
        let (tenant, admin, start) = try setUp(f)
        let impersonation = try f.portal.impersonations.start(start, by: f.support)
        #expect(impersonation.mode == .readOnly && impersonation.tenantID == tenant.id)
        #expect(impersonation.expiresAt == f.clock.seconds + 900 && impersonation.isRunning(at: f.clock.seconds))
        #expect(impersonation.staffName == "Support" && impersonation.targetName == "Anna Admin")
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "impersonation.started" && entry.tenantID == tenant.id)
        #expect(entry.actorUserID == admin.userID && entry.impersonatorUserID == f.support.userID)
        #expect(entry.note == "Ticket SUP-1042: Client list looks wrong" && entry.requestID == "req-test")
        #expect(try f.portal.impersonations.running(session: 77)?.id == impersonation.id)
        #expect(try f.portal.impersonations.running(tenant: tenant.id, by: f.owner).map(\.id) == [impersonation.id])
    }

    @Test func refusedStartsWriteNothing() throws {
        let f = try PortalFixture()
        let (tenant, admin, start) = try setUp(f)
        let (other, _) = try f.tenant("Other Studio")
        let before = try (f.count("impersonations"), f.count("audit_entries"))
        var bad = start
        bad.minutes = 61
        #expect(throws: DomainError.invalid(["minutes": "Length must be 1 to 60 minutes"])) {
            _ = try f.portal.impersonations.start(bad, by: f.support)
        }
        bad = start
        bad.reason = " "
        bad.ticket = ""
        #expect(throws: DomainError.invalid(["reason": "Reason is required", "ticket": "Ticket is required"])) {
            _ = try f.portal.impersonations.start(bad, by: f.support)
        }
        bad = start
        bad.targetUserID = try #require(f.owner.userID)
        #expect(throws: DomainError.notPermitted("owner staff cannot be impersonated")) {
            _ = try f.portal.impersonations.start(bad, by: f.support)
        }
        bad = start
        bad.tenantID = other.id
        #expect(throws: DomainError.invalid("user_id", "Choose one of the studio's active users")) {
            _ = try f.portal.impersonations.start(bad, by: f.support)
        }
        #expect(throws: DomainError.self) { _ = try f.portal.impersonations.start(start, by: f.billing) }
        #expect(throws: DomainError.self) { _ = try f.portal.impersonations.start(start, by: f.viewer) }
        let impersonating = ActingUser(
            userID: try #require(admin.userID), role: .tenantAdmin, tenantID: tenant.id, impersonatorUserID: f.support.userID)
        #expect(throws: DomainError.notPermitted("an impersonation cannot be started from an impersonating session")) {
            _ = try f.portal.impersonations.start(start, by: impersonating)
        }
        #expect(try (f.count("impersonations"), f.count("audit_entries")) == before)

        _ = try f.portal.tenants.block(tenant.id, reason: "abuse", by: f.owner)
        let blocked = try (f.count("impersonations"), f.count("audit_entries"))
        #expect(throws: DomainError.notPermitted("the users of a blocked studio cannot be impersonated")) {
            _ = try f.portal.impersonations.start(start, by: f.support)
        }
        #expect(try (f.count("impersonations"), f.count("audit_entries")) == blocked)
    }

    @Test func disabledUsersCannotBeImpersonatedAndASessionRunsOneAtATime() throws {
        let f = try PortalFixture()
        let (_, admin, start) = try setUp(f)
        _ = try f.portal.impersonations.start(start, by: f.support)
        #expect(throws: DomainError.self) { _ = try f.portal.impersonations.start(start, by: f.owner) }
        var other = start
        other.sessionID = 78
        try f.portal.users.setStatus(userID: try #require(admin.userID), .disabled, reason: "left", by: f.owner)
        #expect(throws: DomainError.invalid("user_id", "Anna Admin is disabled and cannot be impersonated")) {
            _ = try f.portal.impersonations.start(other, by: f.owner)
        }
    }

    @Test func stoppingEndsItAuditsItAndNotifiesTheViewedUser() throws {
        let f = try PortalFixture()
        let (_, admin, start) = try setUp(f)
        let impersonation = try f.portal.impersonations.start(start, by: f.support)
        f.clock.advance(by: 125)
        #expect(throws: DomainError.notFound("impersonation \(impersonation.id)")) {
            _ = try f.portal.impersonations.stop(impersonation.id, by: f.owner)
        }
        let stopped = try f.portal.impersonations.stop(impersonation.id, by: f.support)
        #expect(stopped.endReason == .stopped && stopped.endedAt == f.clock.seconds && stopped.endedBy == f.support.userID)
        #expect(stopped.duration(at: f.clock.seconds) == 125)
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "impersonation.stopped" && entry.facts["duration_s"] == "125")
        #expect(entry.actorUserID == admin.userID && entry.impersonatorUserID == f.support.userID)
        #expect(try f.portal.impersonations.running(session: 77) == nil)
        let inbox = try f.portal.broadcasts.inbox(by: admin)
        #expect(inbox.items.first?.title == "Support viewed your account")
        #expect(inbox.items.first?.bodyText.contains("for 3 minutes (read-only), ticket SUP-1042") == true)
        // Stopping again changes nothing.
        let entries = try f.count("audit_entries")
        _ = try f.portal.impersonations.stop(impersonation.id, by: f.support)
        #expect(try f.count("audit_entries") == entries)
    }

    @Test func expiryEndsItAtTheNextRequestOrByTheJob() throws {
        let f = try PortalFixture()
        let (_, _, start) = try setUp(f)
        let first = try f.portal.impersonations.start(start, by: f.support)
        var second = start
        second.sessionID = 78
        let other = try f.portal.impersonations.start(second, by: f.owner)
        f.clock.advance(by: 901)
        #expect(try f.portal.impersonations.running(session: 77)?.isOverdue(at: f.clock.seconds) == true)
        let expired = try f.portal.impersonations.expire(first.id)
        #expect(expired.endReason == .expired && expired.endedAt == first.expiresAt && expired.endedBy == nil)
        #expect(try f.lastAudit()?.action == "impersonation.expired")
        #expect(try f.portal.impersonations.expireDue() == 1)
        #expect(try f.portal.impersonations.get(other.id, by: f.owner).endReason == .expired)
        #expect(f.portal.jobs.names.contains("expire-impersonations"))
    }

    @Test func ownerAdminsEndRunningOnesAndTheSwitchEndsThemAll() throws {
        let f = try PortalFixture()
        let (tenant, _, start) = try setUp(f)
        let first = try f.portal.impersonations.start(start, by: f.support)
        #expect(throws: DomainError.self) { _ = try f.portal.impersonations.end(first.id, by: f.support) }
        let ended = try f.portal.impersonations.end(first.id, by: f.owner)
        #expect(ended.endReason == .endedByAdmin && ended.endedBy == f.owner.userID)
        #expect(try f.lastAudit()?.actorUserID == f.owner.userID)
        var again = start
        again.sessionID = 80
        _ = try f.portal.impersonations.start(again, by: f.support)
        #expect(try f.portal.impersonations.endAll() == 1)
        #expect(try f.portal.impersonations.running(tenant: tenant.id, by: f.owner).isEmpty)
        #expect(try f.lastAudit()?.action == "impersonation.disabled")
    }

    @Test func blockingTheStudioEndsItsRunningImpersonations() throws {
        let f = try PortalFixture()
        let (tenant, _, start) = try setUp(f)
        let running = try f.portal.impersonations.start(start, by: f.support)
        _ = try f.portal.tenants.block(tenant.id, reason: "abuse", by: f.owner)
        let ended = try f.portal.impersonations.get(running.id, by: f.owner)
        #expect(ended.endReason == .disabled && ended.endedBy == f.owner.userID && ended.endedAt == f.clock.seconds)
        #expect(try f.portal.impersonations.running(session: 77) == nil)
        let entries = try f.portal.audit.page(AuditFilter(action: "impersonation.disabled"), limit: 10, by: f.owner).entries
        #expect(entries.count == 1 && entries.first?.actorUserID == f.owner.userID)
    }

    @Test func theProviderAccessLogIsTheStudiosAdminsAndStaffs() throws {
        let f = try PortalFixture()
        let (tenant, admin, start) = try setUp(f)
        let (_, otherAdmin) = try f.tenant("Other Studio")
        let impersonation = try f.portal.impersonations.start(start, by: f.support)
        try f.portal.impersonations.recordRequest(
            impersonation.id, method: "GET", route: "/app/clients", status: 200,
            by: ActingUser(
                userID: try #require(admin.userID), role: .tenantAdmin, tenantID: tenant.id,
                impersonatorUserID: f.support.userID, requestID: "r-1", ip: "192.0.2.5"))
        let request = try #require(try f.lastAudit())
        #expect(request.action == "impersonation.request" && request.facts["route"] == "/app/clients")
        #expect(request.facts["status"] == "200" && request.requestID == "r-1")
        let log = try f.portal.impersonations.log(tenant: tenant.id, by: admin)
        #expect(log.total == 1 && log.items[0].requests == 1 && log.items[0].ticket == "SUP-1042")
        #expect(try f.portal.impersonations.log(tenant: tenant.id, by: f.viewer).total == 1)
        #expect(throws: DomainError.notFound("tenant \(tenant.id)")) {
            _ = try f.portal.impersonations.log(tenant: tenant.id, by: otherAdmin)
        }
    }
}

@Suite struct ImpersonationElevationTests {
    @Test func writeModeNeedsAFreshCodeOfTheStaffMemberAndAReason() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let secret = TOTPSecret.generate()
        try f.portal.users.setTOTP(userID: try #require(f.support.userID), secret: secret, enabled: true, by: .system("test"))
        let impersonation = try f.portal.impersonations.start(
            ImpersonationStart(
                targetUserID: try #require(admin.userID), tenantID: tenant.id, reason: "Fix a booking", ticket: "SUP-9",
                minutes: 15, sessionID: 3), by: f.support)
        let client = ClientInfo(ip: "192.0.2.8", userAgent: "test", requestID: "r-elevate")
        #expect(throws: DomainError.invalid(["reason": "Reason is required"])) {
            _ = try f.portal.impersonations.elevate(impersonation.id, code: "123456", reason: "", client: client, by: f.support)
        }
        let step = TOTPSecret.step(at: f.clock.seconds)
        let good = try #require(TOTPSecret.code(secret: secret, step: step))
        let wrong = good == "000000" ? "111111" : "000000"
        let refused = try f.portal.impersonations.elevate(
            impersonation.id, code: wrong, reason: "Must move a session", client: client, by: f.support)
        #expect(refused.refusal == .invalid)
        #expect(try f.lastAudit()?.action == "impersonation.elevate_failed")
        #expect(try f.portal.impersonations.get(impersonation.id, by: f.owner).mode == .readOnly)

        // The owner admin's code cannot elevate someone else's impersonation.
        #expect(throws: DomainError.notFound("impersonation \(impersonation.id)")) {
            _ = try f.portal.impersonations.elevate(impersonation.id, code: good, reason: "x", client: client, by: f.owner)
        }
        let elevated = try #require(
            try f.portal.impersonations.elevate(
                impersonation.id, code: good, reason: "Must move a session", client: client, by: f.support
            ).value)
        #expect(
            elevated.mode == .write && elevated.elevatedAt == f.clock.seconds && elevated.elevationReason == "Must move a session"
        )
        let entry = try #require(try f.lastAudit())
        #expect(entry.action == "impersonation.elevated" && entry.note == "Must move a session")
        #expect(
            entry.actorUserID == admin.userID && entry.impersonatorUserID == f.support.userID && entry.requestID == "r-elevate")

        _ = try f.portal.impersonations.stop(impersonation.id, by: f.support)
        #expect(throws: DomainError.conflict("the impersonation has ended")) {
            _ = try f.portal.impersonations.elevate(impersonation.id, code: good, reason: "again", client: client, by: f.support)
        }
        let notice = try f.portal.broadcasts.inbox(by: admin).items.first
        #expect(notice?.bodyText.contains("with permission to make changes") == true)
    }

    @Test func aReplayedCodeIsRefused() throws {
        let f = try PortalFixture()
        let (tenant, admin) = try f.tenant()
        let secret = TOTPSecret.generate()
        try f.portal.users.setTOTP(userID: try #require(f.support.userID), secret: secret, enabled: true, by: .system("test"))
        let code = try #require(TOTPSecret.code(secret: secret, step: TOTPSecret.step(at: f.clock.seconds)))
        _ = try f.portal.users.recordTOTPStep(
            userID: try #require(f.support.userID), step: TOTPSecret.step(at: f.clock.seconds))
        let impersonation = try f.portal.impersonations.start(
            ImpersonationStart(
                targetUserID: try #require(admin.userID), tenantID: tenant.id, reason: "r", ticket: "t", minutes: 5,
                sessionID: nil), by: f.support)
        let outcome = try f.portal.impersonations.elevate(
            impersonation.id, code: code, reason: "r", client: ClientInfo(ip: "192.0.2.8", userAgent: "t"), by: f.support)
        #expect(outcome.refusal == .invalid)
    }
}

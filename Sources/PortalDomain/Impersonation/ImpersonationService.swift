/// Support agents and owner admins viewing the portal as a tenant user: start (reason and ticket
/// required, time-boxed, read-only), elevate to write mode (ImpersonationService+Elevation), stop, end
/// by an owner admin, expiry, the configuration switch, and the provider-access log the tenant reads.
///
/// Every change is audited with both identities (the tenant user as actor, the staff member as
/// impersonator), and the viewed user gets an in-app notice when it ends. Whether an impersonation
/// may write, and which routes it may never use, is the server's guard; the domain records the mode.
public struct ImpersonationService: Sendable {
    /// The shared database, clock and keyring.
    let context: ServiceContext
    /// Checks the staff member's TOTP code for write mode.
    let twoFactor: TwoFactorService

    /// The longest impersonation, in minutes.
    public static let maximumMinutes = 60
    /// The length unless configured otherwise.
    public static let defaultMinutes = 15

    /// The selected columns, in the order the row mapper below reads them.
    static let columns = """
        i.id, i.tenant_id, t.name, i.staff_user_id, s.display_name, i.target_user_id, u.display_name, u.role, i.session_id,
        i.reason, i.ticket, i.mode, i.started_at, i.expires_at, i.elevated_at, i.elevation_reason, i.ended_at, i.end_reason,
        i.ended_by, i.requests
        """
    /// The joins the selected columns need (the viewed user may have been deleted: left join).
    static let joins = """
        JOIN tenants t ON t.id = i.tenant_id JOIN users s ON s.id = i.staff_user_id LEFT JOIN users u ON u.id = i.target_user_id
        """

    /// Maps one row of the selected columns to an `Impersonation`.
    static func impersonation(_ row: Row) -> Impersonation {
        Impersonation(
            id: row.int64(0), tenantID: row.int64(1), tenantName: row.string(2), staffUserID: row.int64(3),
            staffName: row.string(4), targetUserID: row.int64(5), targetName: row.optionalString(6) ?? "#\(row.int64(5))",
            targetRole: row.optionalString(7).flatMap(Role.init(rawValue:)), sessionID: row.optionalInt64(8),
            reason: row.string(9), ticket: row.string(10), mode: ImpersonationMode(rawValue: row.string(11)) ?? .readOnly,
            startedAt: row.int64(12), expiresAt: row.int64(13), elevatedAt: row.optionalInt64(14),
            elevationReason: row.optionalString(15), endedAt: row.optionalInt64(16),
            endReason: row.optionalString(17).flatMap(ImpersonationEndReason.init(rawValue:)), endedBy: row.optionalInt64(18),
            requests: row.int(19))
    }

    /// Loads one row by id; `notFound` when it is missing.
    static func load(_ db: SQLiteConnection, _ id: Int64) throws -> Impersonation {
        guard let row = try db.row("SELECT \(columns) FROM impersonations i \(joins) WHERE i.id = ?", [id]) else {
            throw DomainError.notFound("impersonation \(id)")
        }
        return impersonation(row)
    }

    /// The actor of an impersonation's own entries: the viewed user, with the staff member behind them.
    static func actor(_ impersonation: Impersonation, requestID: String?, ip: String?) -> ActingUser {
        ActingUser(
            userID: impersonation.targetUserID, role: impersonation.targetRole ?? .client, tenantID: impersonation.tenantID,
            impersonatorUserID: impersonation.staffUserID, requestID: requestID, ip: ip)
    }

    /// The audit record of an impersonation event, naming both people in its facts too.
    static func record(_ action: String, _ impersonation: Impersonation) -> AuditRecord {
        var record = AuditRecord(
            action: action, tenantID: impersonation.tenantID, targetType: "impersonation", targetID: impersonation.id)
        record.facts = [
            "staff_user_id": String(impersonation.staffUserID), "target_user_id": String(impersonation.targetUserID),
            "mode": impersonation.mode.rawValue,
        ]
        return record
    }

    // MARK: start

    /// Starts an impersonation for the staff member `actor` (support or owner admin, signed in as
    /// themselves): the target must be an active user of the chosen studio (never owner staff), the
    /// studio must not be blocked by the owner, and the session must not run one already. Read-only.
    public func start(_ request: ImpersonationStart, by actor: ActingUser) throws -> Impersonation {
        guard actor.impersonatorUserID == nil, actor.role.isOwnerStaff, let staffID = actor.userID else {
            throw DomainError.notPermitted("an impersonation cannot be started from an impersonating session")
        }
        try actor.require(.impersonate)
        var v = Validator()
        let reason = v.text("reason", request.reason, label: "Reason", max: 500)
        let ticket = v.text("ticket", request.ticket, label: "Ticket", max: 64)
        v.check(
            (1...ImpersonationService.maximumMinutes).contains(request.minutes), "minutes",
            "Length must be 1 to \(ImpersonationService.maximumMinutes) minutes")
        try v.finish()
        return try context.write { tx, now in
            let tenant = try TenantStore.tenant(tx, request.tenantID)
            guard let target = try UserStore.user(tx, id: request.targetUserID) else {
                throw DomainError.invalid("user_id", "Choose one of the studio's active users")
            }
            guard !target.role.isOwnerStaff else { throw DomainError.notPermitted("owner staff cannot be impersonated") }
            guard target.tenantID == tenant.id else {
                throw DomainError.invalid("user_id", "Choose one of the studio's active users")
            }
            guard target.status == .active else {
                throw DomainError.invalid("user_id", "\(target.displayName) is disabled and cannot be impersonated")
            }
            guard !(tenant.status == .blocked && tenant.blockKind == .manual) else {
                throw DomainError.notPermitted("the users of a blocked studio cannot be impersonated")
            }
            if let sessionID = request.sessionID,
                let running = try tx.int(
                    "SELECT id FROM impersonations WHERE session_id = ? AND ended_at IS NULL", [sessionID])
            {
                throw DomainError.conflict("this session already runs impersonation \(running); stop it first")
            }
            let id = try tx.insert(
                """
                INSERT INTO impersonations (tenant_id, staff_user_id, target_user_id, session_id, reason, ticket, mode,
                    started_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, 'read_only', ?, ?)
                """,
                [
                    tenant.id, staffID, target.id, request.sessionID, reason, ticket, now,
                    now + Int64(request.minutes) * 60,
                ])
            let started = try ImpersonationService.load(tx, id)
            var record = ImpersonationService.record("impersonation.started", started)
            record.facts["minutes"] = String(request.minutes)
            record.note = "Ticket \(ticket): \(reason)"
            try AuditWriter.append(
                tx, record, actor: ImpersonationService.actor(started, requestID: actor.requestID, ip: actor.ip), at: now)
            return started
        }
    }

    // MARK: ending

    /// Ends `impersonation` inside the caller's transaction (unless it has ended already), audits it and
    /// leaves the viewed user a notice. Returns the row afterwards.
    @discardableResult
    static func finish(
        _ tx: SQLiteConnection, _ impersonation: Impersonation, reason: ImpersonationEndReason, endedBy: Int64?,
        actor: ActingUser, at now: Int64
    ) throws -> Impersonation {
        guard impersonation.endedAt == nil else { return impersonation }
        let endedAt = min(now, impersonation.expiresAt)
        try tx.run(
            "UPDATE impersonations SET ended_at = ?, end_reason = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL",
            [endedAt, reason, endedBy, impersonation.id])
        let ended = try load(tx, impersonation.id)
        let action =
            switch reason {
            case .stopped: "impersonation.stopped"
            case .expired: "impersonation.expired"
            case .endedByAdmin: "impersonation.ended"
            case .disabled: "impersonation.disabled"
            }
        var record = ImpersonationService.record(action, ended)
        record.facts["duration_s"] = String(ended.duration(at: now))
        record.facts["requests"] = String(ended.requests)
        try AuditWriter.append(tx, record, actor: actor, at: now)
        try notice(tx, ended, at: now)
        return ended
    }

    /// Ends, inside the caller's transaction, every running impersonation of a studio's users: an owner
    /// blocked the studio, whose users cannot be impersonated (reason `disabled`, ended by `actor`).
    static func endRunning(_ tx: SQLiteConnection, tenantID: Int64, actor: ActingUser, at now: Int64) throws {
        let ids = try tx.rows(
            "SELECT id FROM impersonations WHERE tenant_id = ? AND ended_at IS NULL ORDER BY id", [tenantID]
        ).map { $0.int64(0) }
        for id in ids {
            try finish(tx, try load(tx, id), reason: .disabled, endedBy: actor.userID, actor: actor, at: now)
        }
    }

    /// The in-app notice the viewed user gets once an impersonation of them has ended.
    static func notice(_ tx: SQLiteConnection, _ ended: Impersonation, at now: Int64) throws {
        guard let user = try UserStore.user(tx, id: ended.targetUserID), let tenantID = user.tenantID else { return }
        let minutes = max(1, (ended.duration(at: now) + 59) / 60)
        let mode = ended.elevatedAt == nil ? "read-only" : "with permission to make changes"
        let audience: Audience =
            switch user.role {
            case .tenantAdmin: .tenantAdmins
            case .coach: .coaches
            default: .clients
            }
        let body =
            "<p>\(HTMLText.escape(ended.staffName)) of the platform's support team viewed the portal as you for "
            + "\(minutes) minute\(minutes == 1 ? "" : "s") (\(mode)), ticket \(HTMLText.escape(ended.ticket)).</p>"
            + "<p>Reason: \(HTMLText.escape(ended.reason))</p>"
            + (user.role == .tenantAdmin ? "<p>Every access is listed under Provider access.</p>" : "")
        try BroadcastService.postNotice(
            tx, tenantID: tenantID, userID: user.id, audience: audience, title: "Support viewed your account",
            bodyHTML: body, at: now)
    }

    /// The staff member stops their own impersonation (from the banner). Stopping one that has already
    /// ended changes nothing.
    @discardableResult
    public func stop(_ id: Int64, by actor: ActingUser) throws -> Impersonation {
        try context.write { tx, now in
            let impersonation = try ImpersonationService.load(tx, id)
            let staff = actor.impersonatorUserID ?? actor.userID
            guard staff == impersonation.staffUserID else { throw DomainError.notFound("impersonation \(id)") }
            let reason: ImpersonationEndReason = impersonation.isOverdue(at: now) ? .expired : .stopped
            return try ImpersonationService.finish(
                tx, impersonation, reason: reason, endedBy: reason == .stopped ? impersonation.staffUserID : nil,
                actor: ImpersonationService.actor(impersonation, requestID: actor.requestID, ip: actor.ip), at: now)
        }
    }

    /// An owner admin ends someone's running impersonation (from the tenant page).
    @discardableResult
    public func end(_ id: Int64, by actor: ActingUser) throws -> Impersonation {
        guard actor.role == .ownerAdmin || actor.isSystem, actor.impersonatorUserID == nil else {
            throw DomainError.notPermitted("only owner admins end other people's impersonations")
        }
        return try context.write { tx, now in
            let impersonation = try ImpersonationService.load(tx, id)
            return try ImpersonationService.finish(
                tx, impersonation, reason: .endedByAdmin, endedBy: actor.userID, actor: actor, at: now)
        }
    }

    /// Ends one impersonation whose time ran out (the guard calls it at the next request). Returns it.
    @discardableResult
    public func expire(_ id: Int64) throws -> Impersonation {
        try context.write { tx, now in
            let impersonation = try ImpersonationService.load(tx, id)
            guard impersonation.isOverdue(at: now) else { return impersonation }
            return try ImpersonationService.finish(
                tx, impersonation, reason: .expired, endedBy: nil, actor: .system("impersonation-expiry"), at: now)
        }
    }

    /// Ends every impersonation whose time ran out (the `expire-impersonations` job). Returns how many.
    @discardableResult
    public func expireDue() throws -> Int {
        try endRunning(dueOnly: true, reason: .expired, actor: .system("job:expire-impersonations"))
    }

    /// Ends every running impersonation: the configuration switched impersonation off. Returns how many.
    @discardableResult
    public func endAll() throws -> Int {
        try endRunning(dueOnly: false, reason: .disabled, actor: .system("config:impersonation-off"))
    }

    /// Ends the running impersonations (only those past their time with `dueOnly`) in one transaction.
    private func endRunning(dueOnly: Bool, reason: ImpersonationEndReason, actor: ActingUser) throws -> Int {
        try context.write { tx, now in
            let ids = try tx.rows(
                "SELECT id FROM impersonations WHERE ended_at IS NULL AND expires_at <= ? ORDER BY id",
                [dueOnly ? now : Int64.max]
            ).map { $0.int64(0) }
            for id in ids {
                try ImpersonationService.finish(
                    tx, try ImpersonationService.load(tx, id), reason: reason, endedBy: nil, actor: actor, at: now)
            }
            return ids.count
        }
    }

    // MARK: reading

    /// The impersonation a session runs (not yet ended, possibly overdue), for the session middleware.
    public func running(session sessionID: Int64) throws -> Impersonation? {
        try view(session: sessionID)?.impersonation
    }

    /// The impersonation a session runs with the viewed user (nil when that user is gone) and the time
    /// zone pages show them (their own setting, else their studio's): what the session middleware needs.
    public func view(session sessionID: Int64) throws -> ImpersonationView? {
        try context.read { db, _ in
            guard
                let row = try db.row(
                    """
                    SELECT \(ImpersonationService.columns) FROM impersonations i \(ImpersonationService.joins)
                    WHERE i.session_id = ? AND i.ended_at IS NULL
                    """, [sessionID])
            else { return nil }
            let impersonation = ImpersonationService.impersonation(row)
            let profile = try? UserService.profile(db, userID: impersonation.targetUserID)
            return ImpersonationView(
                impersonation: impersonation, target: profile?.user, timeZone: profile?.timeZone ?? "UTC")
        }
    }

    /// One impersonation by id (owner staff, or the staff member or viewed user of it).
    public func get(_ id: Int64, by actor: ActingUser) throws -> Impersonation {
        let impersonation = try context.read { db, _ in try ImpersonationService.load(db, id) }
        if actor.role.isOwnerStaff && actor.impersonatorUserID == nil {
            try actor.require(.readPlatform)
        } else if actor.impersonatorUserID != impersonation.staffUserID {
            try actor.requireRead(tenant: impersonation.tenantID)
        }
        return impersonation
    }

    /// The studio's running impersonations (owner staff: the tenant page's panel).
    public func running(tenant tenantID: Int64, by actor: ActingUser) throws -> [Impersonation] {
        try actor.requireRead(tenant: tenantID)
        return try context.read { db, now in
            try db.rows(
                """
                SELECT \(ImpersonationService.columns) FROM impersonations i \(ImpersonationService.joins)
                WHERE i.tenant_id = ? AND i.ended_at IS NULL AND i.expires_at > ? ORDER BY i.id
                """, [tenantID, now]
            ).map(ImpersonationService.impersonation)
        }
    }

    /// The studio's provider-access log, newest first: for its admins and for owner staff.
    public func log(tenant tenantID: Int64, page: Int = 1, perPage: Int = 25, by actor: ActingUser) throws
        -> Page<Impersonation>
    {
        try actor.requireRead(tenant: tenantID)
        if actor.role.isTenantRole { try actor.require(.manageOwnTenant) }
        let perPage = min(max(perPage, 1), 100)
        return try context.read { db, _ in
            let total = try db.int("SELECT count(*) FROM impersonations WHERE tenant_id = ?", [tenantID]) ?? 0
            let rows = try db.rows(
                """
                SELECT \(ImpersonationService.columns) FROM impersonations i \(ImpersonationService.joins)
                WHERE i.tenant_id = ? ORDER BY i.id DESC LIMIT ? OFFSET ?
                """, [tenantID, perPage, Page<Impersonation>.offset(page: page, perPage: perPage)])
            return Page(
                items: rows.map(ImpersonationService.impersonation), total: Int(total), page: max(1, page), perPage: perPage)
        }
    }

    // MARK: requests

    /// Records one request made while impersonating: an `impersonation.request` entry with both
    /// identities, the method, the route pattern and the status (never parameters or bodies, which may
    /// hold personal data), and the request count on the log row.
    public func recordRequest(_ id: Int64, method: String, route: String, status: Int, by actor: ActingUser) throws {
        try context.write { tx, now in
            let impersonation = try ImpersonationService.load(tx, id)
            try tx.run("UPDATE impersonations SET requests = requests + 1 WHERE id = ?", [id])
            var record = ImpersonationService.record("impersonation.request", impersonation)
            record.facts["method"] = method
            record.facts["route"] = route
            record.facts["status"] = String(status)
            try AuditWriter.append(
                tx, record, actor: ImpersonationService.actor(impersonation, requestID: actor.requestID, ip: actor.ip), at: now)
        }
    }
}

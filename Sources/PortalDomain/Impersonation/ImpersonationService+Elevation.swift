extension ImpersonationService {
    /// Switches a running impersonation to write mode. The staff member proves it is them with a fresh
    /// TOTP code of their own (checked, throttled and replay-protected like sign-in; recovery codes do
    /// not count) and gives a reason; both are audited (`impersonation.elevated`, or
    /// `impersonation.elevate_failed` with the throttle's locks). `actor` is the staff member as
    /// themselves or as the impersonated user.
    public func elevate(_ id: Int64, code: String, reason: String, client: ClientInfo, by actor: ActingUser) throws
        -> AuthOutcome<Impersonation>
    {
        var v = Validator()
        let cleanReason = v.text("reason", reason, label: "Reason", max: 500)
        v.check(!code.trimmingCharacters(in: .whitespaces).isEmpty, "code", "Enter the 6-digit code from your app")
        try v.finish()
        let (impersonation, staff) = try context.read { db, now -> (Impersonation, User) in
            let impersonation = try ImpersonationService.load(db, id)
            let staffID = actor.impersonatorUserID ?? actor.userID
            guard staffID == impersonation.staffUserID, let staff = try UserStore.user(db, id: impersonation.staffUserID),
                staff.status == .active
            else { throw DomainError.notFound("impersonation \(id)") }
            guard impersonation.isRunning(at: now) else { throw DomainError.conflict("the impersonation has ended") }
            return (impersonation, staff)
        }
        guard impersonation.mode == .readOnly else { return .success(impersonation) }
        guard staff.totpEnabled else {
            throw DomainError.notPermitted("write mode needs two-factor sign-in on your account")
        }
        let auditActor = ImpersonationService.actor(impersonation, requestID: client.requestID, ip: client.ip)
        return try twoFactor.check(
            user: staff, code: code, allowRecovery: false, client: client, actor: auditActor,
            failureAction: "impersonation.elevate_failed"
        ) { tx, now, _ in
            let changed = try tx.run(
                """
                UPDATE impersonations SET mode = 'write', elevated_at = ?, elevation_reason = ?
                WHERE id = ? AND ended_at IS NULL AND expires_at > ?
                """, [now, cleanReason, id, now])
            guard changed == 1 else { throw DomainError.conflict("the impersonation has ended") }
            let elevated = try ImpersonationService.load(tx, id)
            var record = ImpersonationService.record("impersonation.elevated", elevated)
            record.change("mode", ImpersonationMode.readOnly.rawValue, ImpersonationMode.write.rawValue)
            record.note = cleanReason
            try AuditWriter.append(tx, record, actor: auditActor, at: now)
            return elevated
        }
    }
}

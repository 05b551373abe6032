import PortalDomain
import Views

/// The impersonation panel of the owner's tenant page (`/owner/tenants/{id}`), rendered by the partial
/// `owner/tenant-impersonation` under the context key `impersonationPanel`: the start form (a tenant
/// user, a reason, a ticket, the length), the running impersonations with "End" for owner admins, and
/// the studio's recent provider access.
enum ImpersonationPanel {
    /// Rows of provider access the panel shows.
    static let recent = 10

    /// The panel's value for studio `tenantID`, offering `users` (its users, e.g. `TenantDetail.users`;
    /// only active tenant users are listed) and showing `form` (values and errors after a refusal).
    static func value(
        tenantID: Int64, users: [User], form: FormState = FormState(), web: WebApplication, context: RequestContext
    ) throws -> TemplateValue {
        guard let session = context.session else { return .null }
        let portal = web.portal
        let actor = session.acting(context)
        let format = Formatting(timeZone: session.effective.timeZone)
        let now = portal.clock.seconds
        let selected = form.string("user_id")
        let choices: [TemplateValue] = users.filter { $0.status == .active && $0.role.isTenantRole }.map { user in
            [
                "id": .int(Int(user.id)), "label": .string("\(user.displayName) (\(user.role.label), \(user.email))"),
                "selected": .bool(String(user.id) == selected),
            ]
        }
        let isOwnerAdmin = session.effective.role == .ownerAdmin
        let running: [TemplateValue] = try portal.impersonations.running(tenant: tenantID, by: actor).map { item in
            [
                "staff": .string(item.staffName), "user": .string(item.targetName),
                "started": .string(format.dateTime(item.startedAt)), "startedISO": .string(Formatting.isoUTC(item.startedAt)),
                "expires": .string(format.time(item.expiresAt)), "expiresISO": .string(Formatting.isoUTC(item.expiresAt)),
                "mode": .string(item.mode == .write ? "Write" : "Read-only"), "write": .bool(item.mode == .write),
                "reason": .string(item.reason), "ticket": .string(item.ticket),
                "canEnd": .bool(isOwnerAdmin),
                "endAction": .string("/owner/tenants/\(tenantID)/impersonations/\(item.id)/end"),
            ]
        }
        let log = try portal.impersonations.log(tenant: tenantID, page: 1, perPage: recent, by: actor)
        let access: [TemplateValue] = log.items.map { item in
            [
                "staff": .string(item.staffName), "user": .string(item.targetName),
                "started": .string(format.dateTime(item.startedAt)), "startedISO": .string(Formatting.isoUTC(item.startedAt)),
                "duration": .string(ProviderAccessPage.duration(item.duration(at: now))),
                "mode": .string(item.elevatedAt == nil ? "Read-only" : "Write"),
                "reason": .string(item.reason), "ticket": .string(item.ticket),
                "ended": .string(item.isRunning(at: now) ? "Running" : (item.endReason?.label ?? "Expired")),
                "requests": .int(item.requests),
            ]
        }
        let tenant = try portal.tenants.get(tenantID, by: actor)
        let blocked = tenant.status == .blocked && tenant.blockKind == .manual
        var values = form.values
        if values["minutes"] == nil { values["minutes"] = String(web.configuration.impersonationMinutes) }
        return [
            "tenantID": .int(Int(tenantID)),
            "action": .string("/owner/tenants/\(tenantID)/impersonate"),
            "enabled": .bool(web.configuration.impersonationEnabled),
            "canStart": .bool(session.effective.role.can(.impersonate) && !blocked),
            "canImpersonate": .bool(session.effective.role.can(.impersonate)),
            "blocked": .bool(blocked),
            "users": .list(choices), "hasUsers": .bool(!choices.isEmpty),
            "form": FormState(values: values, errors: form.errors).templateValue,
            "maximumMinutes": .int(ImpersonationService.maximumMinutes),
            "running": .list(running), "hasRunning": .bool(!running.isEmpty),
            "providerAccess": .list(access), "hasProviderAccess": .bool(!access.isEmpty),
            "providerAccessTotal": .int(log.total),
        ]
    }
}

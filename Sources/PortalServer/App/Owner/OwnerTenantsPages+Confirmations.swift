import PortalDomain
import Views

extension OwnerTenantsPages {
    /// The confirmation page of `action`: names the tenant, states the impact, asks for a reason where one is
    /// needed and, for destructive actions, for the tenant's name typed exactly.
    func confirmation(_ action: TenantAction, _ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        return try renderConfirmation(
            action, id: try context.id(), form: FormState(), owner: owner, request: request, context: context)
    }

    /// Renders the confirmation page (200, or 422 with `form`'s messages after a refused POST).
    func renderConfirmation(
        _ action: TenantAction, id: Int64, form: FormState, owner: OwnerContext, request: HTTPRequest,
        context: RequestContext
    ) throws -> HTTPResponse {
        let tenant = try web.portal.tenants.get(id, by: owner.actor)
        let impact = try web.portal.tenants.impact(id, by: owner.actor)
        let content: TemplateDictionary = [
            "tenant": summary(tenant, owner: owner),
            "action": [
                "title": .string(action.title(tenant.name)), "confirmLabel": .string(action.confirmLabel),
                "summary": .string(action.summary), "path": .string("/owner/tenants/\(id)/\(action.rawValue)"),
                "needsReason": .bool(action.needsReason), "destructive": .bool(action.isDestructive),
                "irreversible": .bool(action == .anonymize), "stepUp": .bool(action != .reactivate),
            ],
            "unavailable": action.unavailableReason(tenant).map { .string($0) } ?? .null,
            "impact": OwnerTenantsPages.impactValue(action, impact: impact, tenant: tenant),
            "form": form.templateValue,
        ]
        return web.pages.render(
            "owner/tenant-confirm", title: action.title(tenant.name), content: content,
            breadcrumbs: [
                Breadcrumb("Tenants", "/owner/tenants"), Breadcrumb(tenant.name, "/owner/tenants/\(id)"),
                Breadcrumb(action.confirmLabel),
            ], status: form.hasErrors ? .unprocessableContent : .ok, request: request, context: context)
    }

    /// What the action changes and what it keeps, with counts (`TenantService.impact`).
    static func impactValue(_ action: TenantAction, impact: TenantImpact, tenant: Tenant) -> TemplateValue {
        func line(_ count: Int, _ one: String, _ many: String, _ effect: String) -> TemplateValue {
            ["count": .string(Formatting.number(count)), "what": .string(count == 1 ? one : many), "effect": .string(effect)]
        }
        let changes: [TemplateValue]
        let keeps: [TemplateValue]
        switch action {
        case .suspend:
            changes = [line(impact.users, "user account", "user accounts", "can sign in and read, but change nothing")]
            keeps = [
                line(impact.clients, "client", "clients", "kept"), line(impact.sessions, "session", "sessions", "kept"),
                line(impact.invoices, "invoice", "invoices", "kept"),
            ]
        case .block:
            changes = [
                line(impact.users, "user account", "user accounts", "can change nothing; no impersonation")
            ]
            keeps = [
                line(impact.clients, "client", "clients", "kept"), line(impact.sessions, "session", "sessions", "kept"),
                line(impact.invoices, "invoice", "invoices", "kept"),
            ]
        case .reactivate:
            changes = [line(impact.users, "user account", "user accounts", "can change data again")]
            keeps = []
        case .resetDemoData:
            changes = [
                line(impact.sessions, "session", "sessions", "deleted"), line(impact.clients, "client", "clients", "deleted"),
                line(impact.coaches, "coach", "coaches", "deleted"),
                line(impact.clientAndCoachUsers, "client or coach login", "client and coach logins", "deleted"),
            ]
            keeps = [
                line(impact.users - impact.clientAndCoachUsers, "other user account", "other user accounts", "kept"),
                line(impact.invoices, "invoice", "invoices", "kept"),
                ["count": "", "what": "Settings, plan and history", "effect": "kept"],
            ]
        case .anonymize:
            changes = [
                line(impact.clients, "client", "clients", "name, e-mail, phone and notes replaced"),
                line(impact.coaches, "coach", "coaches", "name, e-mail, phone and notes replaced"),
                line(impact.users, "user account", "user accounts", "e-mail and name replaced, sign-in disabled"),
                line(impact.auditNotes, "audit note", "audit notes", "text replaced by [anonymized]"),
                ["count": "1", "what": "contact person", "effect": "name, e-mail and phone removed"],
            ]
            keeps = [
                line(impact.sessions, "session", "sessions", "kept"), line(impact.invoices, "invoice", "invoices", "kept"),
                ["count": "", "what": .string("The studio name \(tenant.name)"), "effect": "kept (it is on the invoices)"],
            ]
        }
        return ["changes": .list(changes), "keeps": .list(keeps), "hasKeeps": .bool(!keeps.isEmpty)]
    }
}

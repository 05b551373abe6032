import PortalDomain
import Views

extension OwnerTenantsPages {
    /// The tenant detail page.
    func detail(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        return try renderDetail(id: try context.id(), owner: owner, request: request, context: context)
    }

    /// Renders the detail page; `featureForm` re-shows a refused feature override with its messages (422).
    func renderDetail(
        id: Int64, owner: OwnerContext, featureForm: (key: String, form: FormState)? = nil, request: HTTPRequest,
        context: RequestContext
    ) throws -> HTTPResponse {
        let detail = try web.portal.tenants.detail(id, by: owner.actor)
        let tenant = detail.tenant
        var content: TemplateDictionary = [
            "tenant": summary(tenant, owner: owner),
            "usageBars": OwnerContext.usageBars(detail.usage),
            "history": OwnerContext.historyChart(detail.history, label: "Sessions per month"),
            "users": users(detail.users),
            "activity": activity(detail.recentActivity, owner: owner),
            "activityHref": .string("/owner/audit?tenant=\(tenant.id)"),
            "invoices": .list(
                detail.invoices.map { invoice in
                    [
                        "period": .string(invoice.period), "amount": .string(Formatting.money(invoice.amount)),
                        "status": .string(invoice.status.rawValue), "due": owner.time(invoice.dueAt),
                        "paid": owner.time(invoice.paidAt),
                    ]
                }),
            "hasInvoices": .bool(!detail.invoices.isEmpty),
            "features": features(detail.features, tenantID: tenant.id, owner: owner, form: featureForm),
            "canManageFeatures": .bool(owner.can(.manageFeatures)),
            "actions": .list(actions(tenant, owner: owner)),
        ]
        if let pending = detail.pendingUpgrade {
            content["pendingUpgrade"] = [
                "from": .string(pending.fromPlanName), "to": .string(pending.toPlanName), "at": owner.time(pending.requestedAt),
            ]
        }
        for (key, value) in try providerAccessValues(detail, owner: owner, context: context).entries { content[key] = value }
        return web.pages.render(
            "owner/tenant", title: tenant.name, content: content,
            breadcrumbs: [Breadcrumb("Tenants", "/owner/tenants"), Breadcrumb(tenant.name)],
            status: featureForm == nil ? .ok : .unprocessableContent, request: request, context: context)
    }

    /// The summary card's values (also `tenant.id` for the forms on the page).
    func summary(_ tenant: Tenant, owner: OwnerContext) -> TemplateValue {
        [
            "id": .int(Int(tenant.id)), "name": .string(tenant.name),
            "status": OwnerContext.badge(tenant.status, blockKind: tenant.blockKind),
            "statusReason": tenant.statusReason.map { .string($0) } ?? .null,
            "statusChanged": owner.time(tenant.statusChangedAt), "plan": .string(tenant.planName),
            "contactName": .string(tenant.contactName), "contactEmail": .string(tenant.contactEmail),
            "contactPhone": tenant.contactPhone.map { .string($0) } ?? .null, "timeZone": .string(tenant.timeZone),
            "created": owner.time(tenant.createdAt), "lastActivity": owner.time(tenant.lastActivityAt),
            "trialEnds": owner.time(tenant.trialEndsAt), "trialOverdue": .bool(tenant.trialOverdueAt != nil),
            "anonymized": owner.time(tenant.anonymizedAt),
        ]
    }

    /// The first users (admins first) and the total.
    func users(_ page: Page<User>) -> TemplateValue {
        [
            "items": .list(
                page.items.map { user in
                    [
                        "name": .string(user.displayName), "email": .string(user.email), "role": .string(user.role.label),
                        "status": .string(user.status.rawValue), "active": .bool(user.status == .active),
                    ]
                }),
            "total": .string(Formatting.number(page.total)), "hasItems": .bool(!page.items.isEmpty),
            "more": .bool(page.total > page.items.count),
        ]
    }

    /// Recent audit entries about the tenant.
    func activity(_ page: AuditPage, owner: OwnerContext) -> TemplateValue {
        .list(page.entries.map { OwnerAuditPages.entryValue($0, names: page.names, owner: owner) })
    }

    /// Every catalogue feature with its plan default, override and outcome, and the override form's values.
    func features(
        _ features: [EffectiveFeature], tenantID: Int64, owner: OwnerContext, form: (key: String, form: FormState)?
    ) -> TemplateValue {
        .list(
            features.map { feature in
                let override = feature.override
                let state = override.map { $0.enabled ? "on" : "off" } ?? "default"
                let refused = form?.key == feature.feature.key ? form?.form : nil
                let chosen = refused?.values["state"] ?? state
                var value: TemplateDictionary = [
                    "key": .string(feature.feature.key), "name": .string(feature.feature.name),
                    "description": .string(feature.feature.description), "planDefault": .bool(feature.planDefault),
                    "enabled": .bool(feature.enabled), "overridden": .bool(override != nil),
                    "overrideLabel": .string(override.map { $0.enabled ? "Forced on" : "Forced off" } ?? "Plan default"),
                    "note": .string(refused?.values["note"] ?? override?.note ?? ""),
                    "noteText": override.flatMap { $0.note.isEmpty ? nil : TemplateValue.string($0.note) } ?? .null,
                    "expires": .string(
                        refused?.values["expires"] ?? override?.expiresAt.map { owner.format.isoDate($0 - 1) } ?? ""),
                    "expiresAt": owner.time(override?.expiresAt),
                    "states": .list(
                        [("on", "On"), ("off", "Off"), ("default", "Plan default")].map {
                            ["value": .string($0.0), "label": .string($0.1), "selected": .bool($0.0 == chosen)]
                        }),
                    "action": .string("/owner/tenants/\(tenantID)/features"),
                ]
                if let refused { value["form"] = refused.templateValue }
                return .dictionary(value)
            })
    }

    /// The action buttons the viewer's role may use in the tenant's state (the server refuses the rest anyway).
    func actions(_ tenant: Tenant, owner: OwnerContext) -> [TemplateValue] {
        TenantAction.allCases.filter { owner.can($0.capability) && $0.isAvailable(for: tenant) }.map { action in
            [
                "label": .string(action.buttonLabel), "href": .string("/owner/tenants/\(tenant.id)/\(action.rawValue)"),
                "danger": .bool(action.isDestructive), "description": .string(action.summary),
            ]
        }
    }
}

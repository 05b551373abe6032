import PortalDomain
import Views

/// `/owner/plans`: the plans with their price, limits and features; create, edit (new limits re-evaluate the
/// tenants on the plan: the flash says how many changed block state) and delete (refused while in use).
struct OwnerPlansPages: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Registers the routes.
    func register(on routes: inout AppRouter) {
        let pages = self
        routes.get("/owner/plans") { request, context in try pages.list(request, context) }
        routes.get("/owner/plans/new") { request, context in try pages.new(request, context) }
        routes.post("/owner/plans") { request, context in try pages.create(request, context) }
        routes.get("/owner/plans/{id}/edit") { request, context in try pages.edit(request, context) }
        routes.post("/owner/plans/{id}") { request, context in try pages.update(request, context) }
        routes.get("/owner/plans/{id}/delete") { request, context in try pages.confirmDelete(request, context) }
        routes.post("/owner/plans/{id}/delete") { request, context in try pages.delete(request, context) }
    }

    /// The list.
    func list(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let plans = try web.portal.plans.list()
        let names = Dictionary(uniqueKeysWithValues: try web.portal.features.catalogue().map { ($0.key, $0.name) })
        let rows = plans.map { plan -> TemplateValue in
            [
                "id": .int(Int(plan.id)), "name": .string(plan.name), "price": .string(Formatting.money(plan.price)),
                "limits": .list(LimitKind.allCases.map { .string(OwnerContext.limitLabel(plan.limits, $0)) }),
                "features": .string(plan.features.map { names[$0] ?? $0 }.joined(separator: ", ")),
                "hasFeatures": .bool(!plan.features.isEmpty),
                "tenants": .string(Formatting.number(plan.tenantCount)),
                "tenantsHref": .string("/owner/tenants?plan=\(plan.id)"),
                "editHref": .string("/owner/plans/\(plan.id)/edit"), "deleteHref": .string("/owner/plans/\(plan.id)/delete"),
                "inUse": .bool(plan.tenantCount > 0),
            ]
        }
        return web.pages.render(
            "owner/plans", title: "Plans",
            content: [
                "plans": .list(rows), "hasPlans": .bool(!rows.isEmpty), "canManage": .bool(owner.can(.managePlans)),
            ], breadcrumbs: [Breadcrumb("Plans")], request: request, context: context)
    }

    /// The empty form.
    func new(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        try renderForm(PlanForm(plan: nil), plan: nil, request: request, context: context)
    }

    /// The form of an existing plan.
    func edit(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let plan = try web.portal.plans.plan(try context.id())
        return try renderForm(PlanForm(plan: plan), plan: plan, request: request, context: context)
    }

    /// Renders the form (422 when it carries messages).
    func renderForm(_ form: PlanForm, plan: Plan?, request: HTTPRequest, context: RequestContext) throws -> HTTPResponse {
        var content: TemplateDictionary = [
            "plan": form.templateValue(catalogue: try web.portal.features.catalogue()),
            "action": .string(plan.map { "/owner/plans/\($0.id)" } ?? "/owner/plans"),
            "submitLabel": .string(plan == nil ? "Create plan" : "Save plan"),
            "heading": .string(plan.map { "Edit \($0.name)" } ?? "New plan"),
        ]
        if let plan, plan.tenantCount > 0 {
            content["tenantNote"] = .string(
                "\(Formatting.number(plan.tenantCount)) tenant\(plan.tenantCount == 1 ? " is" : "s are") on this plan. "
                    + "New limits are applied to them at once: tenants over a lowered limit are blocked from adding more, "
                    + "tenants that fit again are unblocked.")
        }
        let title = plan.map { "Edit \($0.name)" } ?? "New plan"
        return web.pages.render(
            "owner/plan-form", title: title, content: content,
            breadcrumbs: [Breadcrumb("Plans", "/owner/plans"), Breadcrumb(title)],
            status: form.state.hasErrors ? .unprocessableContent : .ok, request: request, context: context)
    }

    /// Creates a plan.
    func create(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        var form = PlanForm(try request.formFields())
        guard let draft = form.draft() else { return try renderForm(form, plan: nil, request: request, context: context) }
        do {
            let plan = try web.portal.plans.create(draft, by: owner.actor)
            return .redirect(
                to: "/owner/plans", flash: FlashMessage(kind: .success, message: "Plan \(plan.name) created."),
                using: web.pages.flash)
        } catch DomainError.invalid(let fields) {
            form.state.absorb(fields)
            return try renderForm(form, plan: nil, request: request, context: context)
        }
    }

    /// Saves a plan and reports how many of its tenants changed block state.
    func update(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let id = try context.id()
        let before = try web.portal.plans.plan(id)
        var form = PlanForm(try request.formFields())
        guard let draft = form.draft() else { return try renderForm(form, plan: before, request: request, context: context) }
        let blockedBefore = try web.portal.tenants.overLimitBlocked(plan: id, by: owner.actor)
        let plan: Plan
        do {
            plan = try web.portal.plans.update(id, draft, by: owner.actor)
        } catch DomainError.invalid(let fields) {
            form.state.absorb(fields)
            return try renderForm(form, plan: before, request: request, context: context)
        }
        let blockedAfter = try web.portal.tenants.overLimitBlocked(plan: id, by: owner.actor)
        var message = "Plan \(plan.name) saved."
        if before.limits != plan.limits {
            message +=
                " "
                + OwnerPlansPages.blockChanges(
                    blocked: blockedAfter.subtracting(blockedBefore).count,
                    unblocked: blockedBefore.subtracting(blockedAfter).count,
                    tenants: plan.tenantCount)
        }
        return .redirect(to: "/owner/plans", flash: FlashMessage(kind: .success, message: message), using: web.pages.flash)
    }

    /// `Limits re-checked for 12 tenants: 2 blocked for being over the new limits, 1 unblocked.`
    static func blockChanges(blocked: Int, unblocked: Int, tenants: Int) -> String {
        let checked = "Limits re-checked for \(Formatting.number(tenants)) tenant\(tenants == 1 ? "" : "s")"
        if blocked == 0 && unblocked == 0 { return checked + ": no tenant changed block state." }
        var parts: [String] = []
        if blocked > 0 { parts.append("\(Formatting.number(blocked)) now blocked for being over the new limits") }
        if unblocked > 0 { parts.append("\(Formatting.number(unblocked)) unblocked") }
        return checked + ": " + parts.joined(separator: ", ") + "."
    }

    /// The delete confirmation (or, for a plan in use, why it cannot be deleted).
    func confirmDelete(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let plan = try web.portal.plans.plan(try context.id())
        var content: TemplateDictionary = [
            "plan": [
                "id": .int(Int(plan.id)), "name": .string(plan.name), "tenants": .string(Formatting.number(plan.tenantCount)),
                "tenantsHref": .string("/owner/tenants?plan=\(plan.id)"),
            ]
        ]
        if plan.tenantCount > 0 {
            content["inUse"] = .string(
                "\(plan.name) cannot be deleted: \(Formatting.number(plan.tenantCount)) tenant\(plan.tenantCount == 1 ? " uses" : "s use") it. Move them to another plan first."
            )
        }
        return web.pages.render(
            "owner/plan-delete", title: "Delete \(plan.name)", content: content,
            breadcrumbs: [Breadcrumb("Plans", "/owner/plans"), Breadcrumb("Delete \(plan.name)")], request: request,
            context: context)
    }

    /// Deletes a plan; refused with a 409 page while tenants, upgrade requests or invoices name it.
    func delete(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let plan = try web.portal.plans.plan(try context.id())
        try web.portal.plans.delete(plan.id, by: owner.actor)
        return .redirect(
            to: "/owner/plans", flash: FlashMessage(kind: .success, message: "Plan \(plan.name) deleted."),
            using: web.pages.flash)
    }
}

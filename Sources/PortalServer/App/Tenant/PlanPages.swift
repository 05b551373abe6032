import PortalDomain
import Views

/// `/app/settings/plan`: limits against usage with the 80 % warnings, the plans side by side, and the
/// upgrade request (`#upgrade`): the form (target plan and reason), the pending request's state with
/// "withdraw", and the last rejection's reason.
struct PlanPages {
    /// The application.
    let web: WebApplication

    /// Registers the page, the request and its withdrawal.
    func register(on routes: inout AppRouter) {
        routes.get("/app/settings/plan") { request, context in
            try page(FormState(), request: request, context: context)
        }
        routes.post("/app/settings/plan/upgrade") { request, context in try submit(request, context) }
        routes.get("/app/settings/plan/upgrade/{id}/withdraw") { request, context in try confirmWithdraw(request, context) }
        routes.post("/app/settings/plan/upgrade/{id}/withdraw") { request, context in try withdraw(request, context) }
    }

    private func page(
        _ state: FormState, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .requestUpgrade)
        let portal = web.portal
        let format = scope.format
        let tenant = try portal.tenants.get(scope.tenantID, by: scope.actor)
        let usage = try portal.usage.usage(tenant: scope.tenantID, by: scope.actor)
        let plans = try portal.plans.list()
        let latest = try portal.upgrades.latest(tenant: scope.tenantID, by: scope.actor)
        let limits: [TemplateValue] = UsageViews.kinds.map { kind in
            let percent = usage.percent(kind)
            return [
                "label": .string(UsageViews.label(kind)),
                "used": .string(UsageViews.amount(usage.used(kind), kind)),
                "limit": .string(UsageViews.limitText(usage.limits, kind)),
                "percent": percent.map { .string("\($0) %") } ?? .string("–"),
                "warning": .bool((percent ?? 0) >= TenantUsage.alertPercent),
                "full": .bool((percent ?? 0) >= 100),
                "bar": UsageViews.bar(usage, kind),
            ]
        }
        let planRows: [TemplateValue] = plans.map { plan in
            [
                "name": .string(plan.name), "price": .string(Formatting.money(plan.price)),
                "current": .bool(plan.id == tenant.planID),
                "limits": .list(UsageViews.kinds.map { .string(UsageViews.limitText(plan.limits, $0)) }),
            ]
        }
        let selected = state.string("to_plan_id")
        let targets: [TemplateValue] = plans.filter { $0.id != tenant.planID }.map { plan in
            [
                "id": .int(Int(plan.id)), "name": .string(plan.name), "price": .string(Formatting.money(plan.price)),
                "selected": .bool(String(plan.id) == selected),
            ]
        }
        var content: TemplateDictionary = [
            "planName": .string(tenant.planName),
            "limits": .list(limits), "hasWarnings": .bool(!usage.alerts.isEmpty),
            "kindLabels": ["Clients", "Coaches", "Sessions / month", "Storage"],
            "plans": .list(planRows), "targets": .list(targets), "hasTargets": .bool(!targets.isEmpty),
            "form": state.templateValue,
            "overLimit": .bool(tenant.status == .blocked && tenant.blockKind == .overLimit),
        ]
        if let latest {
            var request: TemplateDictionary = [
                "id": .int(Int(latest.id)), "from": .string(latest.fromPlanName), "to": .string(latest.toPlanName),
                "reason": .string(latest.reason),
                "requestedAt": .string(format.dateTime(latest.requestedAt)),
                "requestedAtISO": .string(Formatting.isoUTC(latest.requestedAt)),
                "decision": .string(latest.decisionReason ?? ""),
            ]
            if let decided = latest.decidedAt {
                request["decidedAt"] = .string(format.dateTime(decided))
                request["decidedAtISO"] = .string(Formatting.isoUTC(decided))
            }
            switch latest.status {
            case .pending: content["pending"] = .dictionary(request)
            case .rejected: content["rejected"] = .dictionary(request)
            case .approved: content["approved"] = .dictionary(request)
            case .withdrawn: break
            }
        }
        return web.pages.render(
            "app/plan", title: "Plan & usage", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Plan & usage")], status: status, request: request,
            context: context)
    }

    private func submit(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .requestUpgrade)
        var state = FormState(try request.formFields())
        guard let target = Int64(state.string("to_plan_id")) else {
            state.errors["to_plan_id"] = "Choose the plan you would like."
            if state.string("reason").isEmpty { state.errors["reason"] = "Tell us briefly why you need it." }
            return try page(state, status: .unprocessableContent, request: request, context: context)
        }
        do {
            let upgrade = try web.portal.upgrades.submit(
                tenant: scope.tenantID, toPlan: target, reason: state.string("reason"), by: scope.actor)
            return .redirect(
                to: "/app/settings/plan#upgrade",
                flash: FlashMessage(
                    kind: .success,
                    message: "Your request to move to \(upgrade.toPlanName) was sent. An owner will review it soon."),
                using: web.pages.flash)
        } catch DomainError.invalid(let fields) {
            state.absorb(fields)
            return try page(state, status: .unprocessableContent, request: request, context: context)
        }
    }

    /// The tenant's pending request with this id; `notFound` for any other id (another tenant's too).
    private func pending(_ scope: TenantScope, _ context: RequestContext) throws -> UpgradeRequest? {
        let id = try context.recordID()
        guard let latest = try web.portal.upgrades.latest(tenant: scope.tenantID, by: scope.actor), latest.id == id else {
            throw DomainError.notFound("upgrade request \(id)")
        }
        return latest.status == .pending ? latest : nil
    }

    private func confirmWithdraw(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .requestUpgrade)
        guard let upgrade = try pending(scope, context) else {
            return .redirect(
                to: "/app/settings/plan#upgrade",
                flash: FlashMessage(kind: .info, message: "That request was already decided."), using: web.pages.flash)
        }
        let content: TemplateDictionary = [
            "from": .string(upgrade.fromPlanName), "to": .string(upgrade.toPlanName),
            "action": .string("/app/settings/plan/upgrade/\(upgrade.id)/withdraw"),
        ]
        return web.pages.render(
            "app/upgrade-withdraw", title: "Withdraw the upgrade request", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Plan & usage", "/app/settings/plan"), Breadcrumb("Withdraw")],
            request: request, context: context)
    }

    private func withdraw(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .requestUpgrade)
        let id = try context.recordID()
        // The domain checks the request's tenant itself: a foreign id is not found.
        let upgrade = try web.portal.upgrades.withdraw(id, by: scope.actor)
        return .redirect(
            to: "/app/settings/plan#upgrade",
            flash: FlashMessage(kind: .success, message: "Your request to move to \(upgrade.toPlanName) was withdrawn."),
            using: web.pages.flash)
    }
}

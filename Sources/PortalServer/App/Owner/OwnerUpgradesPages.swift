import PortalDomain
import Views

/// `/owner/upgrades`: the queue (oldest pending first) with each tenant's usage and six months of sessions beside
/// the request, approve (optional note) or reject (reason required), and the history of decided requests.
struct OwnerUpgradesPages: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Registers the routes.
    func register(on routes: inout AppRouter) {
        let pages = self
        routes.get("/owner/upgrades") { request, context in try pages.list(request, context) }
        routes.post("/owner/upgrades/{id}/approve") { request, context in try pages.approve(request, context) }
        routes.post("/owner/upgrades/{id}/reject") { request, context in try pages.reject(request, context) }
    }

    /// The queue and the history.
    func list(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        try render(refused: nil, request: request, context: context)
    }

    /// Renders the page; `refused` re-shows one request's refused decision form with its messages (422).
    func render(refused: (id: Int64, form: FormState)?, request: HTTPRequest, context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let pending = try web.portal.upgrades.pending(by: owner.actor)
        let decided = try web.portal.upgrades.decided(page: Pagination.requestedPage(request), by: owner.actor)
        let names = try web.portal.audit.names(
            userIDs: Set(decided.items.compactMap(\.decidedBy) + pending.compactMap(\.request.requestedBy)), tenantIDs: [],
            by: owner.actor)
        let plans = Dictionary(uniqueKeysWithValues: try web.portal.plans.list().map { ($0.id, $0) })
        let queue = pending.map { item -> TemplateValue in
            let request = item.request
            var value: TemplateDictionary = [
                "id": .int(Int(request.id)), "tenantName": .string(request.tenantName),
                "tenantHref": .string("/owner/tenants/\(request.tenantID)"), "from": .string(request.fromPlanName),
                "to": .string(request.toPlanName), "reason": .string(request.reason), "at": owner.time(request.requestedAt),
                "requestedBy": names.user(request.requestedBy).map { .string(OwnerAuditPages.displayName($0)) } ?? .null,
                "usageBars": OwnerContext.usageBars(item.usage),
                "history": OwnerContext.historyChart(item.history, label: "Sessions per month of \(request.tenantName)"),
                "targetLimits": plans[request.toPlanID].map { plan in
                    .list(
                        LimitKind.allCases.map {
                            [
                                "label": .string(OwnerContext.usageLabel($0)),
                                "value": .string(OwnerContext.limitLabel(plan.limits, $0)),
                            ]
                        })
                } ?? .null,
            ]
            if let refused, refused.id == request.id { value["form"] = refused.form.templateValue }
            return .dictionary(value)
        }
        let history = decided.items.map { request -> TemplateValue in
            [
                "tenantName": .string(request.tenantName), "tenantHref": .string("/owner/tenants/\(request.tenantID)"),
                "from": .string(request.fromPlanName), "to": .string(request.toPlanName),
                "status": .string(request.status.rawValue), "at": owner.time(request.decidedAt),
                "by": names.user(request.decidedBy).map { .string(OwnerAuditPages.displayName($0)) } ?? .null,
                "reason": request.decisionReason.map { .string($0) } ?? .null,
                "requested": owner.time(request.requestedAt),
            ]
        }
        let content: TemplateDictionary = [
            "queue": .list(queue), "hasQueue": .bool(!queue.isEmpty), "pendingCount": .int(queue.count),
            "history": .list(history), "hasHistory": .bool(!history.isEmpty),
            "canDecide": .bool(owner.can(.decideUpgrades)),
            "pagination": Pagination.value(decided, path: "/owner/upgrades", query: URLQuery(), noun: "decided requests"),
        ]
        return web.pages.render(
            "owner/upgrades", title: "Upgrade requests", content: content, breadcrumbs: [Breadcrumb("Upgrade requests")],
            status: refused == nil ? .ok : .unprocessableContent, request: request, context: context)
    }

    /// Approves a request: the tenant moves to the plan, its limits are re-evaluated and its admins notified.
    func approve(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let form = FormState(try request.formFields())
        let id = try context.id()
        do {
            let decided = try web.portal.upgrades.approve(id, note: form.optional("note"), by: owner.actor)
            return .redirect(
                to: "/owner/upgrades",
                flash: FlashMessage(
                    kind: .success, message: "Approved: \(decided.tenantName) is now on \(decided.toPlanName)."),
                using: web.pages.flash)
        } catch DomainError.invalid(let fields) {
            var refused = form
            refused.absorb(fields)
            return try render(refused: (id, refused), request: request, context: context)
        }
    }

    /// Rejects a request with the reason its tenant will read; without a reason nothing is written (422).
    func reject(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        var form = FormState(try request.formFields())
        let id = try context.id()
        form.require("reason", label: "Reason")
        if !form.hasErrors {
            do {
                let decided = try web.portal.upgrades.reject(id, reason: form.string("reason"), by: owner.actor)
                return .redirect(
                    to: "/owner/upgrades",
                    flash: FlashMessage(
                        kind: .success,
                        message: "Rejected: \(decided.tenantName) stays on \(decided.fromPlanName) and was told why."),
                    using: web.pages.flash)
            } catch DomainError.invalid(let fields) {
                form.absorb(fields)
            }
        }
        return try render(refused: (id, form), request: request, context: context)
    }
}

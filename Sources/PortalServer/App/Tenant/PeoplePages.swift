import PortalDomain
import Views

/// `/app/clients` and `/app/coaches`: the list (search, status filter, pages), add, edit, and
/// deactivate/reactivate through a confirmation page. One implementation for both kinds of people.
struct PeoplePages {
    /// The application.
    let web: WebApplication
    /// Clients or coaches.
    let kind: PersonKind

    /// Rows per list page.
    static let perPage = 25

    /// The pages' base path (`/app/clients`).
    var base: String { kind == .client ? "/app/clients" : "/app/coaches" }
    /// "client" / "coach".
    var noun: String { kind == .client ? "client" : "coach" }
    /// "clients" / "coaches".
    var plural: String { kind == .client ? "clients" : "coaches" }
    /// "Clients" / "Coaches".
    var title: String { kind == .client ? "Clients" : "Coaches" }
    /// The plan limit the people count against.
    var limitKind: LimitKind { kind == .client ? .clients : .coaches }
    /// The domain service.
    var service: PeopleService { kind == .client ? web.portal.clients : web.portal.coaches }

    /// Registers the list, the add and edit forms and the status changes.
    func register(on routes: inout AppRouter) {
        routes.get(base) { request, context in try list(request, context) }
        routes.get(base + "/new") { request, context in
            _ = try TenantScope(context, requiring: .manageOwnTenant)
            return form(FormState(), person: nil, request: request, context: context)
        }
        routes.post(base) { request, context in try create(request, context) }
        routes.get(base + "/{id}") { request, context in
            let scope = try TenantScope(context, requiring: .manageOwnTenant)
            let person = try service.get(try context.recordID(), tenant: scope.tenantID, by: scope.actor)
            return form(PeoplePages.formState(person), person: person, request: request, context: context)
        }
        routes.post(base + "/{id}") { request, context in try update(request, context) }
        for status in PersonStatus.allCases {
            let action = status == .active ? "reactivate" : "deactivate"
            routes.get(base + "/{id}/" + action) { request, context in try confirm(status, request, context) }
            routes.post(base + "/{id}/" + action) { request, context in try setStatus(status, request, context) }
        }
    }

    // MARK: list

    private func list(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let search = request.query("q")?.trimmingCharacters(in: .whitespaces) ?? ""
        let status = request.query("status").flatMap(PersonStatus.init(rawValue:))
        let page = try service.list(
            tenant: scope.tenantID, search: search.isEmpty ? nil : String(search.prefix(100)), status: status,
            page: Pagination.requestedPage(request), perPage: PeoplePages.perPage, by: scope.actor)
        let usage = try web.portal.usage.usage(tenant: scope.tenantID, by: scope.actor)
        let format = scope.format
        let rows: [TemplateValue] = page.items.map { person in
            [
                "name": .string(person.name), "email": .string(person.email ?? ""), "phone": .string(person.phone ?? ""),
                "status": .string(person.status.rawValue),
                "statusLabel": .string(person.status == .active ? "Active" : "Inactive"),
                "href": .string("\(base)/\(person.id)"), "since": .string(format.date(person.createdAt)),
                "sinceISO": .string(Formatting.isoUTC(person.createdAt)),
            ]
        }
        let filtered = !search.isEmpty || status != nil
        let content: TemplateDictionary = [
            "kind": .string(plural), "noun": .string(noun), "heading": .string(title), "base": .string(base),
            "rows": .list(rows), "hasRows": .bool(!rows.isEmpty), "filtered": .bool(filtered),
            "q": .string(search),
            "statusOptions": .list(
                [("", "All"), ("active", "Active"), ("inactive", "Inactive")].map { value, label in
                    ["value": .string(value), "label": .string(label), "selected": .bool((status?.rawValue ?? "") == value)]
                }),
            "usage": UsageViews.bar(usage, limitKind),
            "atLimit": .bool(usage.limit(limitKind).map { usage.used(limitKind) >= $0 } ?? false),
            "nearLimit": .bool((usage.percent(limitKind) ?? 0) >= TenantUsage.alertPercent),
            "pagination": Pagination.value(
                page, path: base, query: URLQuery(request, keeping: ["q", "status"]), noun: plural),
        ]
        return web.pages.render(
            "app/people", title: title, content: content, breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb(title)],
            request: request, context: context)
    }

    // MARK: add and edit

    private static func formState(_ person: Person) -> FormState {
        FormState(values: [
            "name": person.name, "email": person.email ?? "", "phone": person.phone ?? "", "notes": person.notes ?? "",
        ])
    }

    private static func draft(_ form: FormState) -> PersonDraft {
        PersonDraft(
            name: form.string("name"), email: form.optional("email"), phone: form.optional("phone"), notes: form.optional("notes")
        )
    }

    private func form(
        _ form: FormState, person: Person?, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) -> HTTPResponse {
        let heading = person.map { "Edit \($0.name)" } ?? "Add a \(noun)"
        var content: TemplateDictionary = [
            "form": form.templateValue, "noun": .string(noun), "base": .string(base), "heading": .string(heading),
            "action": .string(person.map { "\(base)/\($0.id)" } ?? base),
            "submitLabel": .string(person == nil ? "Add \(noun)" : "Save changes"),
        ]
        if let person {
            let format = Formatting(timeZone: context.session?.effective.timeZone ?? "UTC")
            content["person"] = [
                "id": .int(Int(person.id)), "name": .string(person.name), "active": .bool(person.status == .active),
                "statusLabel": .string(person.status == .active ? "Active" : "Inactive"),
                "status": .string(person.status.rawValue), "hasLogin": .bool(person.userID != nil),
                "since": .string(format.date(person.createdAt)), "sinceISO": .string(Formatting.isoUTC(person.createdAt)),
                "updated": .string(format.dateTime(person.updatedAt)), "updatedISO": .string(Formatting.isoUTC(person.updatedAt)),
            ]
        }
        return web.pages.render(
            "app/person-form", title: heading, content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb(title, base), Breadcrumb(person?.name ?? "Add")],
            status: status, request: request, context: context)
    }

    private func create(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        var state = FormState(try request.formFields())
        do {
            let person = try service.add(tenant: scope.tenantID, PeoplePages.draft(state), by: scope.actor)
            return .redirect(
                to: "\(base)/\(person.id)", flash: FlashMessage(kind: .success, message: "\(person.name) was added."),
                using: web.pages.flash)
        } catch DomainError.invalid(let fields) {
            state.absorb(fields)
            return form(state, person: nil, status: .unprocessableContent, request: request, context: context)
        }
    }

    private func update(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let id = try context.recordID()
        let before = try service.get(id, tenant: scope.tenantID, by: scope.actor)
        var state = FormState(try request.formFields())
        do {
            let person = try service.update(id, tenant: scope.tenantID, PeoplePages.draft(state), by: scope.actor)
            return .redirect(
                to: "\(base)/\(person.id)", flash: FlashMessage(kind: .success, message: "\(person.name) was saved."),
                using: web.pages.flash)
        } catch DomainError.invalid(let fields) {
            state.absorb(fields)
            return form(state, person: before, status: .unprocessableContent, request: request, context: context)
        }
    }

    // MARK: status

    private func confirm(_ status: PersonStatus, _ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let person = try service.get(try context.recordID(), tenant: scope.tenantID, by: scope.actor)
        guard person.status != status else {
            return .redirect(
                to: "\(base)/\(person.id)",
                flash: FlashMessage(kind: .info, message: "\(person.name) is already \(status.rawValue)."), using: web.pages.flash
            )
        }
        let deactivating = status == .inactive
        let content: TemplateDictionary = [
            "name": .string(person.name), "noun": .string(noun), "deactivating": .bool(deactivating),
            "hasLogin": .bool(person.userID != nil),
            "action": .string("\(base)/\(person.id)/\(deactivating ? "deactivate" : "reactivate")"),
            "cancelHref": .string("\(base)/\(person.id)"),
        ]
        let heading = "\(deactivating ? "Deactivate" : "Reactivate") \(person.name)?"
        return web.pages.render(
            "app/person-status", title: heading, content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb(title, base), Breadcrumb(person.name, "\(base)/\(person.id)")],
            request: request, context: context)
    }

    private func setStatus(_ status: PersonStatus, _ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let person = try service.setStatus(try context.recordID(), tenant: scope.tenantID, status, by: scope.actor)
        let message =
            status == .active
            ? "\(person.name) is active again." : "\(person.name) was deactivated; their seat is free."
        return .redirect(
            to: "\(base)/\(person.id)", flash: FlashMessage(kind: .success, message: message), using: web.pages.flash)
    }
}

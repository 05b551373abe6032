import PortalDomain
import Views

/// `/app/settings/api-keys`: the studio's API keys for `/api/v1`. Admins create a key (name and scopes;
/// the secret is shown once, on the response to the POST, and never stored) and revoke keys through a
/// confirmation page. Refused while impersonating (policy rows and the domain).
struct APIKeyPages {
    /// The application.
    let web: WebApplication

    /// Registers the page, creating and revoking.
    func register(on routes: inout AppRouter) {
        routes.get("/app/settings/api-keys") { request, context in
            try page(FormState(), selected: [], request: request, context: context)
        }
        routes.post("/app/settings/api-keys") { request, context in try create(request, context) }
        routes.get("/app/settings/api-keys/{id}/revoke") { request, context in try confirmRevoke(request, context) }
        routes.post("/app/settings/api-keys/{id}/revoke") { request, context in try revoke(request, context) }
    }

    private func page(
        _ state: FormState, selected: Set<APIScope>, created: CreatedAPIKey? = nil, status: HTTPStatus = .ok,
        request: HTTPRequest, context: RequestContext
    ) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let format = scope.format
        let keys = try web.portal.apiKeys.list(tenant: scope.tenantID, by: scope.actor)
        let rows: [TemplateValue] = keys.map { key in
            [
                "name": .string(key.name), "hint": .string(key.hint), "active": .bool(key.isActive),
                "scopes": .list(key.scopes.map { .string($0.rawValue) }),
                "createdBy": .string(key.createdByName),
                "createdAt": .string(format.date(key.createdAt)), "createdAtISO": .string(Formatting.isoUTC(key.createdAt)),
                "lastUsed": key.lastUsedAt.map { .string(format.dateTime($0)) } ?? .null,
                "lastUsedISO": .string(key.lastUsedAt.map(Formatting.isoUTC) ?? ""),
                "revokedAt": key.revokedAt.map { .string(format.date($0)) } ?? .null,
                "revokeHref": .string("/app/settings/api-keys/\(key.id)/revoke"),
            ]
        }
        var content: TemplateDictionary = [
            "keys": .list(rows), "hasKeys": .bool(!rows.isEmpty), "form": state.templateValue,
            "impersonating": .bool(scope.isImpersonated),
            "scopeOptions": .list(
                APIScope.allCases.map { option in
                    [
                        "value": .string(option.rawValue), "summary": .string(option.summary),
                        "id": .string("scope-" + option.rawValue.replacingOccurrences(of: ":", with: "-")),
                        "checked": .bool(selected.contains(option)),
                    ]
                }),
            "maximum": .int(APIKeyService.maximumActiveKeys),
        ]
        if let created {
            content["created"] = ["name": .string(created.key.name), "secret": .string(created.secret)]
        }
        return web.pages.render(
            "app/api-keys", title: "API keys", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("API keys")], status: status, request: request,
            context: context)
    }

    private func create(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let fields = try request.formFields()
        var state = FormState(fields)
        var scopes: Set<APIScope> = []
        for value in fields.values("scopes") {
            guard let parsed = APIScope(rawValue: value) else {
                state.errors["scopes"] = "Choose from the listed permissions."
                continue
            }
            scopes.insert(parsed)
        }
        if state.hasErrors {
            return try page(state, selected: scopes, status: .unprocessableContent, request: request, context: context)
        }
        do {
            let created = try web.portal.apiKeys.create(
                tenant: scope.tenantID, name: state.string("name"), scopes: scopes, by: scope.actor)
            // The secret is shown on this response only (no redirect: it must not travel in a cookie or URL).
            return try page(FormState(), selected: [], created: created, request: request, context: context)
        } catch DomainError.invalid(let messages) {
            state.absorb(messages)
            return try page(state, selected: scopes, status: .unprocessableContent, request: request, context: context)
        }
    }

    private func confirmRevoke(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let key = try web.portal.apiKeys.get(try context.recordID(), tenant: scope.tenantID, by: scope.actor)
        guard key.isActive else {
            return .redirect(
                to: "/app/settings/api-keys", flash: FlashMessage(kind: .info, message: "“\(key.name)” was already revoked."),
                using: web.pages.flash)
        }
        let content: TemplateDictionary = [
            "name": .string(key.name), "hint": .string(key.hint), "action": .string("/app/settings/api-keys/\(key.id)/revoke"),
        ]
        return web.pages.render(
            "app/api-key-revoke", title: "Revoke an API key", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("API keys", "/app/settings/api-keys"), Breadcrumb("Revoke")],
            request: request, context: context)
    }

    private func revoke(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let key = try web.portal.apiKeys.revoke(try context.recordID(), tenant: scope.tenantID, by: scope.actor)
        return .redirect(
            to: "/app/settings/api-keys",
            flash: FlashMessage(kind: .success, message: "“\(key.name)” was revoked; requests with it are refused from now on."),
            using: web.pages.flash)
    }
}

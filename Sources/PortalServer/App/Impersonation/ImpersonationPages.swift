import PortalDomain
import Views

/// Impersonation on the web (issue 7 §4; policies in `RoutePolicyTable+Tenant.swift`):
///
/// - `GET/POST /owner/tenants/{id}/impersonate`: the start form (also the panel of the tenant page) and
///   starting (step-up, never while impersonating); the session gets a new token and lands on `/app`.
/// - `POST /impersonation/stop`: always works; back to the tenant's owner page with a new token.
/// - `GET/POST /impersonation/elevate`: write mode with a fresh TOTP code and a reason; new token.
/// - `POST /owner/tenants/{id}/impersonations/{impersonation}/end`: an owner admin ends a running one.
struct ImpersonationPages {
    /// The application.
    let web: WebApplication

    /// Registers the routes.
    func register(on routes: inout AppRouter) {
        routes.get("/owner/tenants/{id}/impersonate") { request, context in
            try startForm(FormState(), request: request, context: context)
        }
        routes.post("/owner/tenants/{id}/impersonate") { request, context in try start(request, context) }
        routes.post("/impersonation/stop") { request, context in try stop(request, context) }
        routes.get("/impersonation/elevate") { request, context in
            try elevateForm(FormState(), request: request, context: context)
        }
        routes.post("/impersonation/elevate") { request, context in try elevate(request, context) }
        routes.post("/owner/tenants/{id}/impersonations/{impersonation}/end") { request, context in try end(request, context) }
    }

    /// Sets a fresh session token on `response` (start, stop and elevation change what the session may do).
    private func rotate(_ session: WebSession, _ response: inout HTTPResponse) throws {
        let token = try web.portal.sessions.rotate(session.id)
        SessionCookie.set(token, on: &response, lifetime: web.portal.auth.configuration.absoluteLifetime)
    }

    /// The signed-in session; the policy rows make every route here signed-in only.
    private func session(_ context: RequestContext) throws -> WebSession {
        guard let session = context.session else { throw DomainError.notPermitted("Sign in first.") }
        return session
    }

    // MARK: start

    private func startForm(
        _ form: FormState, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) throws -> HTTPResponse {
        let session = try session(context)
        let tenantID = try context.recordID()
        let tenant = try web.portal.tenants.get(tenantID, by: session.acting(context))
        let users = try web.portal.users.list(tenant: tenantID, page: 1, perPage: 200, by: session.acting(context)).items
        let panel = try ImpersonationPanel.value(tenantID: tenantID, users: users, form: form, web: web, context: context)
        return web.pages.render(
            "owner/impersonate", title: "Impersonate a user of \(tenant.name)",
            content: ["tenant": ["id": .int(Int(tenant.id)), "name": .string(tenant.name)], "impersonationPanel": panel],
            breadcrumbs: [
                Breadcrumb("Tenants", "/owner/tenants"), Breadcrumb(tenant.name, "/owner/tenants/\(tenant.id)"),
                Breadcrumb("Impersonate"),
            ], status: status, request: request, context: context)
    }

    private func start(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let session = try session(context)
        guard session.impersonation == nil else { throw DomainError.notPermitted(ImpersonationGuard.forbiddenRefusal) }
        guard web.configuration.impersonationEnabled else {
            throw DomainError.notPermitted("Impersonation is switched off on this portal (--impersonation off).")
        }
        let tenantID = try context.recordID()
        var form = FormState(try request.formFields())
        let userID = Int64(form.string("user_id"))
        if userID == nil { form.errors["user_id"] = "Choose the user to view as." }
        var minutes = Int64(web.configuration.impersonationMinutes)
        if !form.string("minutes").isEmpty {
            minutes =
                form.int("minutes", label: "Length", range: 1...Int64(ImpersonationService.maximumMinutes)) ?? minutes
        }
        do {
            guard let userID, !form.hasErrors else {
                // Report the reason and ticket problems together with the user's.
                if form.string("reason").isEmpty { form.errors["reason"] = "Reason is required" }
                if form.string("ticket").isEmpty { form.errors["ticket"] = "Ticket is required" }
                return try startForm(form, status: .unprocessableContent, request: request, context: context)
            }
            let impersonation = try web.portal.impersonations.start(
                ImpersonationStart(
                    targetUserID: userID, tenantID: tenantID, reason: form.string("reason"), ticket: form.string("ticket"),
                    minutes: Int(minutes), sessionID: session.id), by: session.ownActor(context))
            var response = HTTPResponse.redirect(
                to: "/app",
                flash: FlashMessage(
                    kind: .info,
                    message:
                        "You are viewing the portal as \(impersonation.targetName), read-only, for \(minutes) minutes. Everything you do is audited."
                ), using: web.pages.flash)
            try rotate(session, &response)
            return response
        } catch DomainError.invalid(let fields) {
            form.absorb(fields)
            return try startForm(form, status: .unprocessableContent, request: request, context: context)
        }
    }

    // MARK: stop

    private func stop(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let session = try session(context)
        guard let running = session.impersonation else {
            return .redirect(
                to: "/", flash: FlashMessage(kind: .info, message: "No impersonation is running."), using: web.pages.flash)
        }
        let ended = try web.portal.impersonations.stop(running.id, by: session.acting(context))
        let length = ProviderAccessPage.duration(ended.duration(at: web.portal.clock.seconds))
        var response = HTTPResponse.redirect(
            to: "/owner/tenants/\(ended.tenantID)",
            flash: FlashMessage(kind: .success, message: "You stopped viewing as \(ended.targetName) after \(length)."),
            using: web.pages.flash)
        try rotate(session, &response)
        return response
    }

    // MARK: elevate

    private func elevateForm(
        _ form: FormState, problem: String? = nil, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) throws -> HTTPResponse {
        let session = try session(context)
        guard let running = session.impersonation else {
            return .redirect(
                to: "/", flash: FlashMessage(kind: .info, message: "No impersonation is running."), using: web.pages.flash)
        }
        guard !running.writeMode else {
            return .redirect(
                to: "/app", flash: FlashMessage(kind: .info, message: "Write mode is already on."), using: web.pages.flash)
        }
        let content: TemplateDictionary = [
            "form": form.templateValue, "problem": problem.map { .string($0) } ?? .null,
            "userName": .string(session.effective.name), "staffName": .string(session.user.name),
        ]
        return web.pages.render(
            "app/impersonation-elevate", title: "Switch to write mode", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Write mode")], status: status, request: request,
            context: context)
    }

    private func elevate(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let session = try session(context)
        guard let running = session.impersonation else {
            return .redirect(
                to: "/", flash: FlashMessage(kind: .info, message: "No impersonation is running."), using: web.pages.flash)
        }
        var form = FormState(try request.formFields())
        let code = form.string("code")
        form.values["code"] = ""
        do {
            let outcome = try web.portal.impersonations.elevate(
                running.id, code: code, reason: form.string("reason"), client: ClientInfo(request, context),
                by: session.acting(context))
            switch outcome {
            case .success:
                var response = HTTPResponse.redirect(
                    to: "/app",
                    flash: FlashMessage(
                        kind: .warning, message: "Write mode is on: changes are allowed and every one is audited."),
                    using: web.pages.flash)
                try rotate(session, &response)
                return response
            case .refused(let refusal):
                var response = try elevateForm(
                    form, problem: AuthMessages.codeRefusal(refusal), status: AuthMessages.status(refusal), request: request,
                    context: context)
                if let wait = AuthMessages.retryAfter(refusal) { response.headers.replace(.retryAfter, with: wait) }
                return response
            }
        } catch DomainError.invalid(let fields) {
            form.absorb(fields)
            return try elevateForm(form, status: .unprocessableContent, request: request, context: context)
        }
    }

    // MARK: end

    private func end(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let session = try session(context)
        let tenantID = try context.recordID()
        let id = try context.recordID("impersonation")
        let actor = session.acting(context)
        let impersonation = try web.portal.impersonations.get(id, by: actor)
        guard impersonation.tenantID == tenantID else { throw DomainError.notFound("impersonation \(id)") }
        let ended = try web.portal.impersonations.end(id, by: actor)
        return .redirect(
            to: "/owner/tenants/\(tenantID)",
            flash: FlashMessage(kind: .success, message: "Ended \(ended.staffName)'s impersonation of \(ended.targetName)."),
            using: web.pages.flash)
    }
}

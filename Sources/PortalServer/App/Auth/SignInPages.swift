import PortalDomain
import Views

/// `/login`, `/login/2fa` and `/logout`.
///
/// Every new token (after the password, after the second factor) is set with `SessionCookie.set`; a
/// sign-in over an existing session signs that session out first, so a browser never holds two.
struct SignInPages: Sendable {
    /// The application.
    let web: WebApplication

    /// Registers the routes.
    static func register(_ web: WebApplication, on routes: inout AppRouter) {
        let pages = SignInPages(web: web)
        routes.get("/login") { request, context in try pages.loginForm(request, context) }
        routes.post("/login", bodyLimit: 16_384) { request, context in try pages.login(request, context) }
        routes.get("/login/2fa") { request, context in pages.codeForm(request, context) }
        routes.post("/login/2fa", bodyLimit: 16_384) { request, context in try pages.code(request, context) }
        routes.post("/logout", bodyLimit: 16_384) { request, context in try pages.logout(request, context) }
    }

    /// Where a signed-in viewer starts: the owner console or the studio workspace.
    static func landing(_ role: Role) -> String { role.isOwnerStaff ? "/owner" : "/app" }

    /// Where to go once a session is in `state`: its state's page, else `next` when it belongs to the
    /// viewer's side of the portal, else their landing page.
    static func destination(_ state: SessionState, role: Role, next: String?) -> String {
        switch state {
        case .awaitingSecondFactor: return next.map { "/login/2fa?next=" + URLQuery.encode($0) } ?? "/login/2fa"
        case .passwordChangeRequired, .enrolmentRequired: return AccessMiddleware.page(for: state)
        case .full:
            guard let next else { return landing(role) }
            let foreign = role.isOwnerStaff ? "/app" : "/owner"
            return next == foreign || next.hasPrefix(foreign + "/") || next.hasPrefix(foreign + "?") ? landing(role) : next
        }
    }

    /// GET /login: the form, or onwards for a session that is already signed in.
    func loginForm(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let next = LocalPath.validated(request.query("next"))
        if let session = context.session {
            return .redirect(
                to: SignInPages.destination(context[SessionStateKey.self] ?? .full, role: session.user.role, next: next))
        }
        var form = FormState()
        form.values["next"] = next ?? ""
        return renderLogin(form, problem: nil, request: request, context: context)
    }

    /// POST /login: checks the password; on success a new session (new token) in the state it needs.
    func login(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let form = FormState(try request.formFields())
        let next = LocalPath.validated(form.optional("next"))
        let outcome = try web.portal.auth.signIn(
            email: form.string("email"), password: form.values["password"] ?? "", client: ClientInfo(request, context))
        switch outcome {
        case .refused(let refusal):
            let shown = FormState(values: ["email": form.string("email"), "next": next ?? ""])
            let problem = refusal == .invalid ? AuthMessages.signInFailed : AuthMessages.codeRefusal(refusal)
            var response = renderLogin(
                shown, problem: problem, status: AuthMessages.status(refusal), request: request, context: context)
            if let retry = AuthMessages.retryAfter(refusal) { response.headers.replace(.retryAfter, with: retry) }
            return response
        case .success(let grant):
            if let previous = context.session {
                try web.portal.sessions.signOut(previous.id, by: previous.ownActor(context))
            }
            var response = HTTPResponse.redirect(
                to: SignInPages.destination(grant.session.state, role: grant.user.role, next: next))
            SessionCookie.set(grant.token, on: &response, lifetime: grant.session.absoluteExpiresAt - grant.session.createdAt)
            return response
        }
    }

    /// GET /login/2fa: the code form for a session awaiting its second factor.
    func codeForm(_ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        let next = LocalPath.validated(request.query("next"))
        guard context.session != nil, context[SessionStateKey.self] == .awaitingSecondFactor else {
            let state = context[SessionStateKey.self] ?? .full
            return .redirect(
                to: context.session.map { SignInPages.destination(state, role: $0.user.role, next: next) } ?? "/login")
        }
        return renderCode(next: next, problem: nil, request: request, context: context)
    }

    /// POST /login/2fa: a TOTP or recovery code; on success a new token and onwards.
    func code(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let form = FormState(try request.formFields())
        let next = LocalPath.validated(form.optional("next"))
        guard let session = context.session, context[SessionStateKey.self] == .awaitingSecondFactor else {
            let state = context[SessionStateKey.self] ?? .full
            return .redirect(
                to: context.session.map { SignInPages.destination(state, role: $0.user.role, next: next) } ?? "/login")
        }
        let outcome: AuthOutcome<SessionGrant>
        do {
            outcome = try web.portal.twoFactor.completeSignIn(
                session: session.id, code: form.string("code"), client: ClientInfo(request, context))
        } catch DomainError.notFound {
            var response = HTTPResponse.redirect(
                to: "/login", flash: FlashMessage(kind: .warning, message: "Your sign-in expired. Please start again."),
                using: web.pages.flash)
            SessionCookie.clear(on: &response)
            return response
        }
        switch outcome {
        case .refused(let refusal):
            var response = renderCode(
                next: next, problem: AuthMessages.codeRefusal(refusal), status: AuthMessages.status(refusal), request: request,
                context: context)
            if let retry = AuthMessages.retryAfter(refusal) { response.headers.replace(.retryAfter, with: retry) }
            return response
        case .success(let grant):
            var response = HTTPResponse.redirect(
                to: SignInPages.destination(grant.session.state, role: grant.user.role, next: next))
            SessionCookie.set(grant.token, on: &response, lifetime: grant.session.absoluteExpiresAt - web.portal.clock.seconds)
            return response
        }
    }

    /// POST /logout: revokes the session (audited) and clears the cookie.
    func logout(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        if let session = context.session {
            try web.portal.sessions.signOut(session.id, by: session.ownActor(context))
        }
        var response = HTTPResponse.redirect(
            to: "/login", flash: FlashMessage(kind: .success, message: "You are signed out."), using: web.pages.flash)
        SessionCookie.clear(on: &response)
        return response
    }

    private func renderLogin(
        _ form: FormState, problem: String?, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) -> HTTPResponse {
        web.pages.render(
            "auth/login", title: "Sign in",
            content: ["form": form.templateValue, "problem": problem.map(TemplateValue.string) ?? .null], status: status,
            request: request, context: context)
    }

    private func renderCode(
        next: String?, problem: String?, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) -> HTTPResponse {
        web.pages.render(
            "auth/second-factor", title: "Two-factor sign-in",
            content: ["next": next.map(TemplateValue.string) ?? .null, "problem": problem.map(TemplateValue.string) ?? .null],
            status: status, request: request, context: context)
    }
}

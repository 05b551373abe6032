import Foundation
import PortalDomain
import Views

/// `/account`: the signed-in user's profile (name, time zone) and password change.
///
/// While a session must change its password (a one-time password from `portal create-owner`, or one an
/// admin reset), this page shows only the password form; the change gives the session a new token.
struct AccountPages: Sendable {
    /// The application.
    let web: WebApplication

    /// Registers the routes.
    static func register(_ web: WebApplication, on routes: inout AppRouter) {
        let pages = AccountPages(web: web)
        routes.get("/account") { request, context in try pages.show(request, context) }
        routes.post("/account", bodyLimit: 16_384) { request, context in try pages.update(request, context) }
    }

    /// GET /account.
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        try render(profile: FormState(), password: FormState(), request: request, context: context)
    }

    /// POST /account: `action=profile` or `action=password`.
    func update(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let session = context.session else { return .redirect(to: "/login") }
        let form = FormState(try request.formFields())
        let mustChange = context[SessionStateKey.self] == .passwordChangeRequired
        if form.string("action") == "password" || mustChange {
            return try changePassword(form, session: session, request: request, context: context)
        }
        var profile = form
        do {
            try web.portal.users.updateProfile(
                userID: session.effective.userID, displayName: form.string("display_name"),
                timeZone: form.optional("time_zone"), by: context.acting)
        } catch DomainError.invalid(let fields) {
            profile.absorb(fields)
            return try render(
                profile: profile, password: FormState(), status: .unprocessableContent, request: request, context: context)
        }
        return .redirect(to: "/account", flash: FlashMessage(kind: .success, message: "Profile saved."), using: web.pages.flash)
    }

    private func changePassword(
        _ form: FormState, session: WebSession, request: HTTPRequest, context: RequestContext
    ) throws -> HTTPResponse {
        var shown = FormState()
        let newPassword = form.values["new_password"] ?? ""
        if newPassword != (form.values["new_password_confirm"] ?? "") {
            shown.errors["new_password_confirm"] = "The two new passwords are not the same."
        }
        if (form.values["current_password"] ?? "").isEmpty { shown.errors["current_password"] = "Enter your current password." }
        if shown.hasErrors {
            return try render(
                profile: FormState(), password: shown, status: .unprocessableContent, request: request, context: context)
        }
        let outcome: AuthOutcome<String>
        do {
            outcome = try web.portal.auth.changePassword(
                session: session.id, currentPassword: form.values["current_password"] ?? "", newPassword: newPassword,
                client: ClientInfo(request, context), by: context.acting)
        } catch DomainError.invalid(let fields) {
            shown.absorb(fields)
            return try render(
                profile: FormState(), password: shown, status: .unprocessableContent, request: request, context: context)
        }
        switch outcome {
        case .refused(let refusal):
            shown.errors["current_password"] =
                refusal == .invalid ? "That is not your current password." : AuthMessages.codeRefusal(refusal)
            var response = try render(
                profile: FormState(), password: shown, status: AuthMessages.status(refusal), request: request, context: context)
            if let retry = AuthMessages.retryAfter(refusal) { response.headers.replace(.retryAfter, with: retry) }
            return response
        case .success(let token):
            let enrol = try web.portal.sessions.session(session.id)?.state == .enrolmentRequired
            let message =
                enrol
                ? "Password changed. Now set up two-factor sign-in." : "Password changed. Your other sessions were signed out."
            var response = HTTPResponse.redirect(
                to: enrol ? "/account/2fa" : "/account", flash: FlashMessage(kind: .success, message: message),
                using: web.pages.flash)
            SessionCookie.set(token, on: &response, lifetime: web.portal.auth.configuration.absoluteLifetime)
            return response
        }
    }

    private func render(
        profile: FormState, password: FormState, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) throws -> HTTPResponse {
        guard let session = context.session else { return .redirect(to: "/login") }
        let current = try web.portal.users.profile(userID: session.effective.userID, by: context.acting)
        var profileForm = profile
        if profileForm.values.isEmpty {
            profileForm.values = ["display_name": current.user.displayName, "time_zone": current.timeZoneSetting ?? ""]
        }
        let chosen = profileForm.values["time_zone"] ?? ""
        let offered = Set(AccountPages.zones).union([chosen, current.defaultTimeZone].filter { TimeZones.zone($0) != nil })
        let zones: [TemplateValue] = offered.sorted().map { zone in
            ["id": .string(zone), "selected": .bool(zone == chosen)]
        }
        let mustChange = context[SessionStateKey.self] == .passwordChangeRequired
        return web.pages.render(
            AccountLayout.template("index", context: context), title: "Your account",
            content: [
                "profile": profileForm.templateValue, "password": password.templateValue, "mustChange": .bool(mustChange),
                "email": .string(current.user.email), "roleLabel": .string(current.user.role.label),
                "defaultZone": .string(current.defaultTimeZone), "zones": .list(zones),
                "minimumLength": .int(PasswordPolicy.minimumLength),
            ], breadcrumbs: [Breadcrumb("Account")], status: status, request: request, context: context)
    }

    /// The IANA zones offered: the system's list plus current names it may lack (ICU lists some zones
    /// only under their old names), sorted.
    static let zones: [String] = {
        let newer = ["Asia/Kolkata", "Europe/Kyiv", "America/Nuuk", "Pacific/Kanton", "Asia/Yangon", "Asia/Ho_Chi_Minh"]
        let all = Set(TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") || $0 == "UTC" })
            .union(newer.filter { TimeZones.zone($0) != nil })
        return all.sorted()
    }()
}

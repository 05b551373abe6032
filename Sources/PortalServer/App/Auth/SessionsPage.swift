import PortalDomain
import Views

/// `/account/sessions`: the user's live sessions (browser, IP, last seen, this one marked), with sign-out
/// for each and for all others.
struct SessionsPage: Sendable {
    /// The application.
    let web: WebApplication

    /// Registers the routes.
    static func register(_ web: WebApplication, on routes: inout AppRouter) {
        let page = SessionsPage(web: web)
        routes.get("/account/sessions") { request, context in try page.show(request, context) }
        routes.post("/account/sessions", bodyLimit: 16_384) { request, context in try page.revoke(request, context) }
    }

    /// GET /account/sessions.
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let session = context.session else { return .redirect(to: "/login") }
        let sessions = try web.portal.sessions.list(userID: session.effective.userID, by: context.acting)
        let formatting = Formatting(timeZone: session.effective.timeZone)
        let now = web.portal.clock.seconds
        let rows: [TemplateValue] = sessions.map { record in
            [
                "id": .int(Int(record.id)), "browser": .string(record.browser), "ip": .string(record.ip),
                "lastSeen": .string(Formatting.relative(record.lastSeenAt, now: now)),
                "lastSeenAt": .string(formatting.dateTime(record.lastSeenAt)),
                "lastSeenIso": .string(Formatting.isoUTC(record.lastSeenAt)),
                "signedInAt": .string(formatting.dateTime(record.createdAt)), "current": .bool(record.id == session.id),
            ]
        }
        return web.pages.render(
            AccountLayout.template("sessions", context: context), title: "Your sessions",
            content: ["sessions": .list(rows), "others": .bool(sessions.count > 1)],
            breadcrumbs: [Breadcrumb("Account", "/account"), Breadcrumb("Sessions")], request: request, context: context)
    }

    /// POST /account/sessions: `action=revoke&session=ID`, or `action=others`.
    func revoke(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let session = context.session else { return .redirect(to: "/login") }
        let form = FormState(try request.formFields())
        let actor = context.acting
        let message: String
        switch form.string("action") {
        case "others":
            let count = try web.portal.sessions.revokeOthers(keeping: session.id, by: actor)
            message = count == 1 ? "1 other session was signed out." : "\(count) other sessions were signed out."
        case "revoke":
            guard let id = Int64(form.string("session")) else { throw DomainError.invalid("session", "Choose a session") }
            if id == session.id {
                try web.portal.sessions.signOut(id, by: session.ownActor(context))
                var response = HTTPResponse.redirect(
                    to: "/login", flash: FlashMessage(kind: .success, message: "You are signed out."), using: web.pages.flash)
                SessionCookie.clear(on: &response)
                return response
            }
            try web.portal.sessions.revoke(id, by: actor)
            message = "That session was signed out."
        default:
            throw DomainError.invalid("action", "Unknown action")
        }
        return .redirect(
            to: "/account/sessions", flash: FlashMessage(kind: .success, message: message), using: web.pages.flash)
    }
}

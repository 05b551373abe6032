import PortalDomain
import Views

/// `/account/2fa`: TOTP enrolment (QR code as inline SVG and the secret as text, confirmed by a first
/// code, then 10 recovery codes shown once), new recovery codes, and turning it off (tenant users only).
struct TwoFactorPages: Sendable {
    /// The application.
    let web: WebApplication

    /// Registers the routes.
    static func register(_ web: WebApplication, on routes: inout AppRouter) {
        let pages = TwoFactorPages(web: web)
        routes.get("/account/2fa") { request, context in try pages.show(request, context) }
        routes.post("/account/2fa", bodyLimit: 16_384) { request, context in try pages.update(request, context) }
    }

    /// GET /account/2fa.
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        try render(problem: nil, request: request, context: context)
    }

    /// POST /account/2fa: `action` = `confirm`, `restart`, `regenerate` or `disable`.
    func update(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        guard let session = context.session else { return .redirect(to: "/login") }
        let form = FormState(try request.formFields())
        let client = ClientInfo(request, context)
        let twoFactor = web.portal.twoFactor
        switch form.string("action") {
        case "restart":
            _ = try twoFactor.enrolment(session: session.id, restart: true, by: context.acting)
            return .redirect(
                to: "/account/2fa", flash: FlashMessage(kind: .info, message: "A new secret was made: scan the new QR code."),
                using: web.pages.flash)
        case "confirm":
            switch try twoFactor.confirmEnrolment(
                session: session.id, code: form.string("code"), client: client, by: context.acting)
            {
            case .refused(let refusal):
                return try render(problem: refusal, request: request, context: context)
            case .success(let result):
                var response = codes(
                    result.recoveryCodes, enrolled: true, request: request,
                    context: TwoFactorPages.fullySignedIn(context, state: try web.portal.sessions.session(session.id)?.state))
                SessionCookie.set(result.token, on: &response, lifetime: web.portal.auth.configuration.absoluteLifetime)
                return response
            }
        case "regenerate":
            switch try twoFactor.regenerateRecoveryCodes(
                session: session.id, code: form.string("code"), client: client, by: context.acting)
            {
            case .refused(let refusal): return try render(problem: refusal, request: request, context: context)
            case .success(let codes): return self.codes(codes, enrolled: false, request: request, context: context)
            }
        case "disable":
            switch try twoFactor.disable(session: session.id, code: form.string("code"), client: client, by: context.acting) {
            case .refused(let refusal): return try render(problem: refusal, request: request, context: context)
            case .success:
                return .redirect(
                    to: "/account/2fa", flash: FlashMessage(kind: .success, message: "Two-factor sign-in is off."),
                    using: web.pages.flash)
            }
        default:
            throw DomainError.invalid("action", "Unknown action")
        }
    }

    /// The context of the page shown right after enrolment: the session's state has just become `state`.
    static func fullySignedIn(_ context: RequestContext, state: SessionState?) -> RequestContext {
        var copy = context
        copy[SessionStateKey.self] = state ?? .full
        return copy
    }

    private func codes(_ codes: [String], enrolled: Bool, request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        let role = context.session?.effective.role ?? .client
        return web.pages.render(
            AccountLayout.template("recovery-codes", context: context), title: "Recovery codes",
            content: [
                "codes": .list(codes.map(TemplateValue.string)), "enrolled": .bool(enrolled),
                "continueHref": .string(SignInPages.landing(role)),
            ], breadcrumbs: [Breadcrumb("Account", "/account"), Breadcrumb("Two-factor sign-in")], request: request,
            context: context)
    }

    private func render(problem: AuthRefusal?, request: HTTPRequest, context: RequestContext) throws -> HTTPResponse {
        guard let session = context.session else { return .redirect(to: "/login") }
        let status = try web.portal.twoFactor.status(userID: session.effective.userID)
        var content: TemplateDictionary = [
            "enabled": .bool(status.enabled), "required": .bool(status.required),
            "recoveryCodesLeft": .int(status.recoveryCodesLeft),
            "mustEnrol": .bool(context[SessionStateKey.self] == .enrolmentRequired),
        ]
        if let problem { content["problem"] = .string(AuthMessages.codeRefusal(problem)) }
        if !status.enabled {
            let enrolment = try web.portal.twoFactor.enrolment(session: session.id, by: context.acting)
            if let code = try? QRCode(text: enrolment.uri) { content["qr"] = TwoFactorPages.svgValues(code) }
            content["secret"] = .string(TwoFactorPages.grouped(enrolment.secret))
            content["uri"] = .string(enrolment.uri)
            content["account"] = .string(enrolment.account)
        }
        var response = web.pages.render(
            AccountLayout.template("two-factor", context: context), title: "Two-factor sign-in", content: content,
            breadcrumbs: [Breadcrumb("Account", "/account"), Breadcrumb("Two-factor sign-in")],
            status: problem.map(AuthMessages.status) ?? .ok, request: request, context: context)
        if let retry = problem.flatMap(AuthMessages.retryAfter) { response.headers.replace(.retryAfter, with: retry) }
        return response
    }

    /// What the template needs to draw `code` as inline SVG (the same drawing as `QRCode.svg`: one path
    /// whose `d` draws each horizontal run of dark modules, 4 quiet modules around), printed escaped.
    static func svgValues(_ code: QRCode, quietZone: Int = 4, moduleSize: Int = 4) -> TemplateValue {
        var path = ""
        for y in 0..<code.size {
            var x = 0
            while x < code.size {
                guard code.isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < code.size, code.isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        let side = code.size + 2 * quietZone
        return ["side": .int(side), "pixels": .int(side * moduleSize), "path": .string(path)]
    }

    /// The secret in groups of four for reading aloud or typing (`ABCD EFGH …`).
    static func grouped(_ secret: String) -> String {
        var groups: [String] = []
        var rest = Substring(secret)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}

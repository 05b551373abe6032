import PortalDomain
import Views

/// Middleware 4: step-up for dangerous owner actions (routes whose policy row has `stepUp`).
///
/// When the session's last second-factor check is older than `stepUpWindow` (15 minutes), an unsafe
/// request on such a route is answered with a page that asks for a fresh TOTP code and re-posts the
/// SAME form fields (hidden inputs, the CSRF token fresh) plus the code to the same URL. When that
/// request arrives with a valid code, the step-up is recorded (audited `auth.step_up`), the session's
/// `secondFactorAt` is renewed, and the original request carries on in the same round trip, without
/// the code field. Safe methods are never stepped up (a confirmation page may be flagged; its POST is
/// what counts).
struct StepUpMiddleware: Middleware {
    /// The domain and page renderer.
    let web: WebApplication
    /// The policy row of a request (injectable for tests).
    var rules: @Sendable (HTTPRequest, RequestContext) -> RouteRule? = { RoutePolicyTable.rule(for: $0, context: $1) }

    /// The form field carrying the code (removed before the handler sees the request).
    static let codeField = "_stepup_code"

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        guard let rule = rules(request, context), rule.stepUp, !request.method.isSafe, let session = context.session,
            web.portal.twoFactor.needsStepUp(secondFactorAt: session.secondFactorAt)
        else { return next(request, &context) }
        let fields = (try? request.formFields())?.items ?? []
        var problem: String?
        if let code = fields.first(where: { $0.name == StepUpMiddleware.codeField })?.value, !code.isEmpty {
            let outcome = try web.portal.twoFactor.stepUp(
                session: session.id, code: code, action: "\(request.method) \(rule.pattern)",
                client: ClientInfo(request, context), by: context.acting)
            switch outcome {
            case .success(let time):
                context.session = session.withSecondFactor(at: time)
                var forwarded = request
                forwarded.body = Array(StepUpMiddleware.encode(fields.filter { $0.name != StepUpMiddleware.codeField }).utf8)
                forwarded.headers.replace(.contentLength, with: String(forwarded.body.count))
                return next(forwarded, &context)
            case .refused(let refusal):
                problem = AuthMessages.codeRefusal(refusal)
            }
        }
        let hidden: [TemplateValue] = fields.filter { $0.name != "_csrf" && $0.name != StepUpMiddleware.codeField }.map {
            ["name": .string($0.name), "value": .string($0.value)]
        }
        let template = session.effective.role.isOwnerStaff ? "auth/step-up" : "auth/step-up-tenant"
        return web.pages.render(
            template, title: "Confirm it's you",
            content: [
                "action": .string(request.target), "fields": .list(hidden), "problem": problem.map(TemplateValue.string) ?? .null,
                "minutes": .int(Int(web.portal.auth.configuration.stepUpWindow / 60)),
                "cancelHref": .string(SignInPages.landing(session.effective.role)),
            ], status: problem == nil ? .ok : .unauthorized, request: request, context: context)
    }

    /// Form fields as `application/x-www-form-urlencoded`.
    static func encode(_ fields: [(name: String, value: String)]) -> String {
        fields.map { "\(URLQuery.encode($0.name))=\(URLQuery.encode($0.value))" }.joined(separator: "&")
    }
}

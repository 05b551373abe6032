import PortalDomain
import Views

/// The 4xx and 5xx pages: in the viewer's layout for pages, in the JSON envelope under `/api/`.
///
/// Domain errors are turned into statuses here and only here (STYLE.md: only `App/` maps them): not found
/// 404, not permitted 403, limit exceeded 402 with the upgrade path, invalid 422, conflict 409, inactive
/// tenant 403 with the reason.
struct ErrorPages: Sendable {
    /// Renders the pages.
    let pages: PageRenderer

    /// The renderer the HTTP layer calls for its own errors (404, 405, 400 from route parameters, 500).
    var renderer: ErrorRenderer {
        { status, message, request, context in self.render(status, message: message, request: request, context: context) }
    }

    /// The response for a domain error raised by a handler.
    func response(for error: DomainError, request: HTTPRequest, context: RequestContext) -> HTTPResponse {
        switch error {
        case .notFound:
            return render(.notFound, message: "We could not find that page or record.", request: request, context: context)
        case .notPermitted(let reason):
            return render(.forbidden, message: reason, request: request, context: context)
        case .limitExceeded(let limit):
            return render(
                .paymentRequired, message: "This would go over your plan's \(limit.kind.label) limit.", limit: limit,
                request: request, context: context)
        case .invalid(let fields):
            let message = fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            return render(.unprocessableContent, message: message, request: request, context: context)
        case .conflict(let message):
            return render(.conflict, message: message, request: request, context: context)
        case .tenantInactive(let status):
            return render(
                .forbidden,
                message: "This studio is \(status.rawValue), so its data cannot be changed. Contact the platform owner.",
                request: request, context: context)
        }
    }

    /// An error page (or API envelope) for `status`.
    func render(
        _ status: HTTPStatus, message: String, limit: LimitExceeded? = nil, request: HTTPRequest, context: RequestContext
    ) -> HTTPResponse {
        if request.path.hasPrefix("/api/") {
            return APIEnvelope.error(status, code: APIEnvelope.code(for: status), message: message, context: context)
        }
        let layout = Navigation.layout(for: context.session)
        var error: TemplateDictionary = [
            "status": .int(status.code),
            "title": .string(ErrorPages.title(status)),
            "message": .string(message),
            "requestId": .string(context.requestID),
        ]
        switch layout {
        case .owner:
            error["backHref"] = "/owner"
            error["backLabel"] = "Back to the dashboard"
        case .tenant:
            error["backHref"] = "/app"
            error["backLabel"] = "Back to your studio"
        case .auth:
            error["backHref"] = "/login"
            error["backLabel"] = "Go to sign-in"
        }
        if let limit {
            error["limit"] = [
                "name": .string(limit.kind == .storage ? "storage" : limit.kind.label),
                "used": .string(limit.kind == .storage ? Formatting.bytes(limit.current) : Formatting.number(limit.current)),
                "allowed": .string(limit.kind == .storage ? Formatting.bytes(limit.limit) : Formatting.number(limit.limit)),
                "plan": .string(limit.planName),
                "upgradeHref": "/app/settings/plan#upgrade",
            ]
        }
        return pages.render(
            "errors/\(layout.rawValue)", title: ErrorPages.title(status), content: ["error": .dictionary(error)],
            status: status, request: request, context: context)
    }

    /// A short title per status.
    static func title(_ status: HTTPStatus) -> String {
        switch status.code {
        case 400: "Bad request"
        case 401: "Sign-in required"
        case 402: "Plan limit reached"
        case 403: "Not allowed"
        case 404: "Not found"
        case 405: "Method not allowed"
        case 409: "Conflict"
        case 413: "Too large"
        case 415: "Unsupported form"
        case 422: "Please check the form"
        case 429: "Too many attempts"
        case 503: "Busy"
        default: status.code >= 500 ? "Something went wrong" : "Request refused"
        }
    }
}

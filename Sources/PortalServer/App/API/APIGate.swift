import PortalDomain

/// One authenticated API request: the key's grant and the actor requests with it act as.
struct APICall {
    /// The request.
    let request: HTTPRequest
    /// Its context.
    let context: RequestContext
    /// The key, its studio and its creator's role.
    let grant: APIKeyGrant
    /// The key's creator, with the request's id and IP.
    let actor: ActingUser

    /// The studio.
    var tenantID: Int64 { grant.key.tenantID }
}

/// Turns an API handler into a route handler: authenticates `Authorization: Bearer <key>` (401
/// `E_AUTH`), refuses a suspended or blocked studio and a key without the route's scope (403
/// `E_PERMISSION`), and answers every refusal, domain errors included, in the JSON envelope.
///
/// API routes carry `authentication: .apiKey` in the policy table: cookies are ignored and there is
/// no CSRF token, since a browser never sends the key on its own.
struct APIGate {
    /// The application.
    let web: WebApplication

    /// `Authorization`.
    static let authorization: HTTPHeaderName = "Authorization"

    /// A route handler running `body` for requests whose key carries `scope`.
    func handler(_ scope: APIScope, _ body: @escaping @Sendable (APICall) throws -> HTTPResponse) -> PageHandler {
        let portal = web.portal
        return { request, context in
            do {
                let grant = try APIGate.authenticate(request, portal: portal)
                guard grant.tenant.acceptsChanges else {
                    throw APIError.permission(
                        "The studio is \(grant.tenant.status.rawValue): its data cannot be used or changed. Contact the platform."
                    )
                }
                guard grant.allows(scope) else {
                    throw APIError.permission("This API key lacks the \(scope.rawValue) permission.")
                }
                let call = APICall(
                    request: request, context: context, grant: grant,
                    actor: grant.actor(requestID: context.requestID, ip: context.remoteAddress))
                return try body(call)
            } catch let error as APIError {
                return error.response(context)
            } catch let error as DomainError {
                return APIError.domain(error).response(context)
            }
        }
    }

    /// The grant for the request's bearer key; 401 when there is none or it does not work.
    static func authenticate(_ request: HTTPRequest, portal: Portal) throws -> APIKeyGrant {
        let values = request.headers.values(for: authorization)
        guard values.count == 1, let value = values.first else {
            throw APIError.unauthorized(
                values.isEmpty
                    ? "Send your API key as 'Authorization: Bearer <key>'." : "Send exactly one Authorization header.",
                invalidToken: false)
        }
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("Use the Bearer scheme: 'Authorization: Bearer <key>'.", invalidToken: false)
        }
        guard let grant = try portal.apiKeys.authenticate(String(parts[1])) else {
            throw APIError.unauthorized("The API key is unknown or was revoked.", invalidToken: true)
        }
        return grant
    }
}

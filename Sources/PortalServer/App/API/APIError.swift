import PortalDomain

/// An API refusal with everything its envelope carries: the status, the code, the message and, for
/// validation and limits, the details a client program needs (`fields`, `limit`).
struct APIError: Error, Sendable {
    /// The HTTP status.
    let status: HTTPStatus
    /// The envelope's `error.code` (`E_AUTH`, `E_PERMISSION`, `E_LIMIT`, `E_NOT_FOUND`, `E_VALIDATION`, …).
    let code: String
    /// The envelope's `error.msg`.
    let message: String
    /// Per-field messages (`error.fields`), for 422.
    var fields: [String: String] = [:]
    /// Extra response headers (`WWW-Authenticate` on 401).
    var headers: [(HTTPHeaderName, String)] = []
    /// The plan limit a 402 refers to (`error.limit`).
    var limit: LimitExceeded?

    /// `WWW-Authenticate` (RFC 9110 §11.6.1), sent with every 401.
    static let wwwAuthenticate: HTTPHeaderName = "WWW-Authenticate"

    /// 401: no key, or one that does not work.
    static func unauthorized(_ message: String, invalidToken: Bool) -> APIError {
        APIError(
            status: .unauthorized, code: "E_AUTH", message: message,
            headers: [
                (
                    APIError.wwwAuthenticate,
                    invalidToken ? #"Bearer realm="portal-api", error="invalid_token""# : #"Bearer realm="portal-api""#
                )
            ])
    }

    /// 403 `E_PERMISSION`.
    static func permission(_ message: String) -> APIError {
        APIError(status: .forbidden, code: "E_PERMISSION", message: message)
    }

    /// The refusal for a domain error, in the API's words.
    static func domain(_ error: DomainError) -> APIError {
        switch error {
        case .notFound: APIError(status: .notFound, code: "E_NOT_FOUND", message: "No such record.")
        case .notPermitted(let reason): permission(reason)
        case .limitExceeded(let limit):
            APIError(
                status: .paymentRequired, code: "E_LIMIT",
                message:
                    "This would go over the \(limit.planName) plan's \(limit.kind.label) limit (\(limit.current) of \(limit.limit)).",
                limit: limit)
        case .invalid(let fields): validation(fields)
        case .conflict(let message): APIError(status: .conflict, code: "E_CONFLICT", message: message)
        case .tenantInactive(let status): permission("The studio is \(status.rawValue): its data cannot be used or changed.")
        }
    }

    /// 422 `E_VALIDATION` with one message per field (also joined into `msg`).
    static func validation(_ fields: [String: String]) -> APIError {
        let message = fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        return APIError(status: .unprocessableContent, code: "E_VALIDATION", message: message, fields: fields)
    }

    /// The envelope response.
    func response(_ context: RequestContext) -> HTTPResponse {
        var members: [(String, JSONValue)] = [("code", .string(code)), ("msg", .string(message))]
        if !fields.isEmpty {
            members.append(("fields", .object(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        if let limit {
            members.append(
                (
                    "limit",
                    .object([
                        ("kind", .string(limit.kind.rawValue)), ("limit", .int(Int(limit.limit))),
                        ("current", .int(Int(limit.current))), ("requested", .int(Int(limit.requested))),
                        ("plan", .string(limit.planName)), ("upgrade_url", .string("/app/settings/plan#upgrade")),
                    ])
                ))
        }
        var response = APIResponse.envelope(data: .null, error: .object(members), status: status, context: context)
        for (name, value) in headers { response.headers.replace(name, with: value) }
        return response
    }
}

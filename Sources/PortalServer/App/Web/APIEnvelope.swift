import Foundation

/// The JSON envelope of every `/api/v1` response: `{server_time, request_id, data, error: {code, msg}}`.
enum APIEnvelope {
    /// A success envelope around `data` (any JSONSerialization-compatible value).
    static func success(_ data: Any, status: HTTPStatus = .ok, context: RequestContext) -> HTTPResponse {
        body(["data": data, "error": NSNull()], status: status, context: context)
    }

    /// An error envelope.
    static func error(_ status: HTTPStatus, code: String, message: String, context: RequestContext) -> HTTPResponse {
        body(["data": NSNull(), "error": ["code": code, "msg": message]], status: status, context: context)
    }

    /// The error code of a status (`E_LIMIT` for 402, `E_PERMISSION` for 403, …).
    static func code(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "E_BAD_REQUEST"
        case 401: "E_AUTH"
        case 402: "E_LIMIT"
        case 403: "E_PERMISSION"
        case 404: "E_NOT_FOUND"
        case 405: "E_METHOD"
        case 409: "E_CONFLICT"
        case 413: "E_TOO_LARGE"
        case 415, 422: "E_VALIDATION"
        case 429: "E_RATE_LIMIT"
        case 503: "E_UNAVAILABLE"
        default: "E_INTERNAL"
        }
    }

    private static func body(_ fields: [String: Any], status: HTTPStatus, context: RequestContext) -> HTTPResponse {
        var envelope = fields
        envelope["server_time"] = Formatting.isoUTC(Int64(Date().timeIntervalSince1970))
        envelope["request_id"] = context.requestID
        let bytes = (try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])) ?? Data()
        var response = HTTPResponse.json(Array(bytes), status: status)
        response.headers.add(.cacheControl, "no-store")
        return response
    }
}

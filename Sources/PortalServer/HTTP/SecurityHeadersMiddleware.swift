/// Adds the security fields to every response (errors, 304s and redirects included). Fields a handler
/// already set (say, a CSP with a nonce) are kept.
struct SecurityHeadersMiddleware: Middleware {
    /// The fields, in the order they are sent.
    static let fields: [HTTPField] = [
        HTTPField(name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains"),
        HTTPField(
            name: "Content-Security-Policy",
            value: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        HTTPField(name: "X-Content-Type-Options", value: "nosniff"),
        HTTPField(name: "Referrer-Policy", value: "same-origin"),
        HTTPField(name: "X-Frame-Options", value: "DENY"),
        HTTPField(name: "Cross-Origin-Opener-Policy", value: "same-origin"),
        HTTPField(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ]

    func handle(_ request: HTTPRequest, context: inout RequestContext, next: HTTPNext) throws -> HTTPResponse {
        var response = next(request, &context)
        SecurityHeadersMiddleware.apply(to: &response.headers)
        return response
    }

    /// Adds each security field not already present; also used for responses made outside any chain.
    static func apply(to headers: inout HTTPHeaders) {
        if headers.count == 0 || !headers.contains(where: { field in fields.contains { $0.name == field.name } }) {
            headers.append(contentsOf: fields)
            return
        }
        for field in fields where !headers.contains(field.name) { headers.add(field.name, field.value) }
    }
}

/// Decoded `application/x-www-form-urlencoded` fields in order, repeated names kept.
struct HTTPFormFields: Sendable {
    /// The name/value pairs in body order.
    let items: [(name: String, value: String)]

    /// The first value of `name`.
    subscript(name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value of `name`.
    func values(_ name: String) -> [String] { items.compactMap { $0.name == name ? $0.value : nil } }
}

extension HTTPRequest {
    /// The body as form fields (WHATWG URL §5.1: `+` is space, percent-decoding, repeated keys kept).
    /// Throws 415 when the content type is not form encoding and 400 when the body is not valid UTF-8.
    func formFields() throws(HTTPError) -> HTTPFormFields {
        let type = headers[.contentType].map { HTTPHeaderName.asciiLowercased($0) } ?? ""
        guard type.split(separator: ";").first?.trimmingASCIIWhitespace() == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, "expected a form")
        }
        guard let text = String(validating: body, as: UTF8.self) else { throw HTTPError(.badRequest, "form is not UTF-8") }
        return HTTPFormFields(items: HTTPRequestTarget.parseQuery(Substring(text)))
    }
}

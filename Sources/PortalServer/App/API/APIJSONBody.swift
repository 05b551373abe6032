import Foundation

/// A request's JSON object body: 415 unless it is `application/json`, 400 when it does not parse to
/// an object, 422 for unknown members or members of the wrong type.
struct APIJSONBody {
    /// The decoded members.
    private let members: [String: Any]

    /// Parses the body of `request`, allowing only `allowed` member names.
    init(_ request: HTTPRequest, allowed: Set<String>) throws(APIError) {
        let type = request.headers[.contentType].map { HTTPHeaderName.asciiLowercased($0) } ?? ""
        guard type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) == "application/json" else {
            throw APIError(
                status: .unsupportedMediaType, code: "E_VALIDATION", message: "Send the body as Content-Type: application/json.")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)), let members = object as? [String: Any]
        else {
            throw APIError(status: .badRequest, code: "E_BAD_REQUEST", message: "The body is not a JSON object.")
        }
        let unknown = members.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            var fields: [String: String] = [:]
            for name in unknown { fields[name] = "unknown field; allowed: \(allowed.sorted().joined(separator: ", "))" }
            throw APIError.validation(fields)
        }
        self.members = members
    }

    /// The string member `name`: nil when absent or null; a non-string is recorded in `errors`.
    func string(_ name: String, errors: inout [String: String]) -> String? {
        switch members[name] {
        case nil, is NSNull: return nil
        case let text as String: return text
        default:
            errors[name] = "must be a string"
            return nil
        }
    }
}

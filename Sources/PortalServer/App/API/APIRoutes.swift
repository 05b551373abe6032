import PortalDomain

/// The JSON API for the studio's own software, `/api/v1` (policies in `RoutePolicyTable+Api.swift`):
///
/// - `GET /api/v1/clients` (`clients:read`): `page`, `per_page` (1–100, default 25), `q` (name or
///   e-mail), `status` (`active`/`inactive`).
/// - `POST /api/v1/clients` (`clients:write`): `{name, email, phone, notes}`; 201 with the client, 402
///   `E_LIMIT` past the plan's limit (nothing written), 422 `E_VALIDATION` with `error.fields`.
/// - `GET /api/v1/usage` (`usage:read`): plan, limits, usage, percentages, alerts.
/// - `GET /api/v1/notifications` (`notifications:read`): the inbox of the key's creator (the admin who
///   made the key: a key acts as them), newest first; `before` (cursor) and `limit` (1–100, default 20).
struct APIRoutes {
    /// The application.
    let web: WebApplication

    /// The largest JSON body accepted (a client record is well under 4 KiB).
    static let bodyLimit = 64 * 1024
    /// Clients per page unless `per_page` says otherwise.
    static let defaultPerPage = 25
    /// The largest `per_page`.
    static let maximumPerPage = 100

    /// Registers the API.
    func register(on routes: inout AppRouter) {
        let gate = APIGate(web: web)
        let portal = web.portal
        routes.get("/api/v1/clients", gate.handler(.clientsRead) { call in try APIRoutes.clients(call, portal: portal) })
        routes.post(
            "/api/v1/clients", bodyLimit: APIRoutes.bodyLimit,
            gate.handler(.clientsWrite) { call in try APIRoutes.addClient(call, portal: portal) })
        routes.get(
            "/api/v1/usage",
            gate.handler(.usageRead) { call in
                APIResponse.success(
                    APIResponse.usage(try portal.usage.usage(tenant: call.tenantID, by: call.actor)), context: call.context)
            })
        routes.get(
            "/api/v1/notifications",
            gate.handler(.notificationsRead) { call in
                try APIRoutes.notifications(call, portal: portal)
            })
    }

    /// An integer query parameter within `range`, `fallback` when absent; a bad one is recorded in `errors`.
    static func integer(
        _ request: HTTPRequest, _ name: String, range: ClosedRange<Int>, fallback: Int, errors: inout [String: String]
    ) -> Int {
        guard let text = request.query(name), !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            errors[name] = "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            return fallback
        }
        return value
    }

    /// `GET /api/v1/clients`.
    static func clients(_ call: APICall, portal: Portal) throws -> HTTPResponse {
        var errors: [String: String] = [:]
        let page = integer(call.request, "page", range: 1...100_000, fallback: 1, errors: &errors)
        let perPage = integer(
            call.request, "per_page", range: 1...maximumPerPage, fallback: defaultPerPage, errors: &errors)
        var status: PersonStatus?
        if let text = call.request.query("status"), !text.isEmpty {
            status = PersonStatus(rawValue: text)
            if status == nil { errors["status"] = "must be active or inactive" }
        }
        let search = call.request.query("q")?.trimmingCharacters(in: .whitespaces) ?? ""
        if search.count > 100 { errors["q"] = "must be at most 100 characters" }
        guard errors.isEmpty else { throw APIError.validation(errors) }
        let result = try portal.clients.list(
            tenant: call.tenantID, search: search.isEmpty ? nil : search, status: status, page: page, perPage: perPage,
            by: call.actor)
        return APIResponse.success(APIResponse.page(result, items: result.items.map(APIResponse.client)), context: call.context)
    }

    /// `POST /api/v1/clients`.
    static func addClient(_ call: APICall, portal: Portal) throws -> HTTPResponse {
        let body = try APIJSONBody(call.request, allowed: ["name", "email", "phone", "notes"])
        var errors: [String: String] = [:]
        let name = body.string("name", errors: &errors)
        let draft = PersonDraft(
            name: name ?? "", email: body.string("email", errors: &errors), phone: body.string("phone", errors: &errors),
            notes: body.string("notes", errors: &errors))
        if name == nil && errors["name"] == nil { errors["name"] = "is required" }
        guard errors.isEmpty else { throw APIError.validation(errors) }
        let person = try portal.clients.add(tenant: call.tenantID, draft, by: call.actor)
        return APIResponse.success(APIResponse.client(person), status: .created, context: call.context)
    }

    /// `GET /api/v1/notifications`.
    static func notifications(_ call: APICall, portal: Portal) throws -> HTTPResponse {
        var errors: [String: String] = [:]
        let limit = integer(call.request, "limit", range: 1...100, fallback: 20, errors: &errors)
        var before: Int64?
        if let text = call.request.query("before"), !text.isEmpty {
            before = Int64(text).flatMap { $0 > 0 ? $0 : nil }
            if before == nil { errors["before"] = "must be a message id from next_before" }
        }
        guard errors.isEmpty else { throw APIError.validation(errors) }
        let inbox = try portal.broadcasts.inbox(limit: limit, before: before, by: call.actor)
        return APIResponse.success(
            .object([
                ("items", .array(inbox.items.map(APIResponse.notification))), ("unread", .int(inbox.unread)),
                ("next_before", inbox.nextBefore.map { .int(Int($0)) } ?? .null),
            ]), context: call.context)
    }
}

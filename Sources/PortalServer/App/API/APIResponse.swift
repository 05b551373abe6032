import Foundation
import PortalDomain

/// JSON bodies of `/api/v1` in the envelope `{server_time, request_id, data, error}`, and the
/// representations of the domain values the API returns (snake_case keys, times as ISO 8601 UTC).
enum APIResponse {
    /// A success envelope around `data`.
    static func success(_ data: JSONValue, status: HTTPStatus = .ok, context: RequestContext) -> HTTPResponse {
        envelope(data: data, error: .null, status: status, context: context)
    }

    /// The envelope with `server_time` and `request_id`.
    static func envelope(data: JSONValue, error: JSONValue, status: HTTPStatus, context: RequestContext) -> HTTPResponse {
        let body = JSONValue.object([
            ("server_time", .string(Formatting.isoUTC(Int64(Date().timeIntervalSince1970)))),
            ("request_id", .string(context.requestID)), ("data", data), ("error", error),
        ])
        var response = HTTPResponse.json(body.bytes, status: status)
        response.headers.add(.cacheControl, "no-store")
        return response
    }

    /// A time as JSON (`"2026-11-21T13:05:00Z"`), or null.
    static func time(_ t: Int64?) -> JSONValue { t.map { .string(Formatting.isoUTC($0)) } ?? .null }

    /// A client.
    static func client(_ person: Person) -> JSONValue {
        .object([
            ("id", .int(Int(person.id))), ("name", .string(person.name)), ("email", .string(person.email)),
            ("phone", .string(person.phone)), ("notes", .string(person.notes)), ("status", .string(person.status.rawValue)),
            ("can_sign_in", .bool(person.userID != nil)), ("created_at", time(person.createdAt)),
            ("updated_at", time(person.updatedAt)),
        ])
    }

    /// A page of a list with its position.
    static func page<Item>(_ page: Page<Item>, items: [JSONValue]) -> JSONValue {
        .object([
            ("items", .array(items)), ("page", .int(page.page)), ("per_page", .int(page.perPage)), ("total", .int(page.total)),
            ("page_count", .int(page.pageCount)),
        ])
    }

    /// A tenant's plan, limits and usage (`storage` in bytes; a null limit is unlimited).
    static func usage(_ usage: TenantUsage) -> JSONValue {
        func limit(_ kind: LimitKind) -> JSONValue { usage.limit(kind).map { .int(Int($0)) } ?? .null }
        func percent(_ kind: LimitKind) -> JSONValue { usage.percent(kind).map { .int($0) } ?? .null }
        let month = "\(usage.month / 100)-\(usage.month % 100 < 10 ? "0" : "")\(usage.month % 100)"
        return .object([
            ("plan", .object([("id", .int(Int(usage.planID))), ("name", .string(usage.planName))])),
            ("month", .string(month)),
            (
                "limits",
                .object([
                    ("clients", limit(.clients)), ("coaches", limit(.coaches)), ("sessions_per_month", limit(.sessionsPerMonth)),
                    ("storage_bytes", limit(.storage)),
                ])
            ),
            (
                "usage",
                .object([
                    ("clients", .int(Int(usage.activeClients))), ("coaches", .int(Int(usage.coaches))),
                    ("sessions_this_month", .int(Int(usage.sessionsThisMonth))),
                    ("storage_bytes", .int(Int(usage.storageBytes))),
                ])
            ),
            (
                "percent",
                .object([
                    ("clients", percent(.clients)), ("coaches", percent(.coaches)),
                    ("sessions_per_month", percent(.sessionsPerMonth)), ("storage_bytes", percent(.storage)),
                ])
            ),
            (
                "alerts",
                .array(
                    usage.alerts.map { alert in
                        .object([
                            ("kind", .string(alert.kind.rawValue)), ("percent", .int(alert.percent)),
                            ("used", .int(Int(alert.used))), ("limit", .int(Int(alert.limit))),
                        ])
                    })
            ),
        ])
    }

    /// A message of an inbox (`body_html` is sanitized HTML).
    static func notification(_ item: InboxItem) -> JSONValue {
        .object([
            ("id", .int(Int(item.id))), ("kind", .string(item.kind)), ("title", .string(item.title)),
            ("body_html", .string(item.bodyHTML)), ("body_text", .string(item.bodyText)), ("sent_at", time(item.sentAt)),
            ("read_at", time(item.readAt)),
        ])
    }
}

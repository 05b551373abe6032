import Foundation
import PortalDomain

/// JSON bodies of `/api/v1` in the envelope `{server_time, request_id, data, error}`, and the
/// representations of the domain values the API returns (snake_case keys, times as ISO 8601 UTC).
enum APIResponse {
    /// A success envelope around `data`.
    static func success(_ data: [String: Any], status: HTTPStatus = .ok, context: RequestContext) -> HTTPResponse {
        envelope(["data": data, "error": NSNull()], status: status, context: context)
    }

    /// The envelope with `server_time` and `request_id` added to `fields`.
    static func envelope(_ fields: [String: Any], status: HTTPStatus, context: RequestContext) -> HTTPResponse {
        var body = fields
        body["server_time"] = Formatting.isoUTC(Int64(Date().timeIntervalSince1970))
        body["request_id"] = context.requestID
        let bytes = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var response = HTTPResponse.json(Array(bytes), status: status)
        response.headers.add(.cacheControl, "no-store")
        return response
    }

    /// A time as JSON (`"2026-11-21T13:05:00Z"`), or null.
    static func time(_ t: Int64?) -> Any { t.map(Formatting.isoUTC) ?? NSNull() }

    /// A string or null.
    static func text(_ value: String?) -> Any { value ?? NSNull() }

    /// A client.
    static func client(_ person: Person) -> [String: Any] {
        [
            "id": Int(person.id), "name": person.name, "email": text(person.email), "phone": text(person.phone),
            "notes": text(person.notes), "status": person.status.rawValue, "can_sign_in": person.userID != nil,
            "created_at": time(person.createdAt), "updated_at": time(person.updatedAt),
        ]
    }

    /// A page of a list with its position.
    static func page<Item>(_ page: Page<Item>, items: [[String: Any]]) -> [String: Any] {
        [
            "items": items, "page": page.page, "per_page": page.perPage, "total": page.total, "page_count": page.pageCount,
        ]
    }

    /// A tenant's plan, limits and usage (`storage` in bytes; a null limit is unlimited).
    static func usage(_ usage: TenantUsage) -> [String: Any] {
        func limit(_ kind: LimitKind) -> Any { usage.limit(kind).map { Int($0) } ?? NSNull() }
        func percent(_ kind: LimitKind) -> Any { usage.percent(kind) ?? NSNull() }
        let month = "\(usage.month / 100)-\(usage.month % 100 < 10 ? "0" : "")\(usage.month % 100)"
        return [
            "plan": ["id": Int(usage.planID), "name": usage.planName],
            "month": month,
            "limits": [
                "clients": limit(.clients), "coaches": limit(.coaches), "sessions_per_month": limit(.sessionsPerMonth),
                "storage_bytes": limit(.storage),
            ],
            "usage": [
                "clients": Int(usage.activeClients), "coaches": Int(usage.coaches),
                "sessions_this_month": Int(usage.sessionsThisMonth), "storage_bytes": Int(usage.storageBytes),
            ],
            "percent": [
                "clients": percent(.clients), "coaches": percent(.coaches), "sessions_per_month": percent(.sessionsPerMonth),
                "storage_bytes": percent(.storage),
            ],
            "alerts": usage.alerts.map { alert in
                [
                    "kind": alert.kind.rawValue, "percent": alert.percent, "used": Int(alert.used), "limit": Int(alert.limit),
                ] as [String: Any]
            },
        ]
    }

    /// A message of an inbox (`body_html` is sanitized HTML).
    static func notification(_ item: InboxItem) -> [String: Any] {
        [
            "id": Int(item.id), "kind": item.kind, "title": item.title, "body_html": item.bodyHTML, "body_text": item.bodyText,
            "sent_at": time(item.sentAt), "read_at": time(item.readAt),
        ]
    }
}

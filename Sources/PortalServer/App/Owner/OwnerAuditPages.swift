import PortalDomain
import Views

/// `/owner/audit` (filters, newest first, keyset pages, both identities of impersonated actions, before →
/// after values, the chain's verification state), `/owner/audit.csv` (the filtered set, streamed) and
/// `POST /owner/audit/verify` (owner admins: verify the chain now).
struct OwnerAuditPages: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Entries per page.
    static let pageSize = 50
    /// The filter parameters every link keeps.
    static let filterNames = ["actor", "tenant", "action", "from", "until"]

    /// Registers the routes.
    func register(on routes: inout AppRouter) {
        let pages = self
        routes.get("/owner/audit") { request, context in try pages.list(request, context) }
        routes.get("/owner/audit.csv") { request, context in try pages.export(request, context) }
        routes.post("/owner/audit/verify") { request, context in try pages.verify(request, context) }
    }

    /// The log.
    func list(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let filters = try AuditFilters(request, owner: owner, users: web.portal.users)
        let before = request.query("before").flatMap { Int64($0) }
        let keep = URLQuery(request, keeping: OwnerAuditPages.filterNames)
        var content: TemplateDictionary = [
            "filters": filters.templateValue(actions: try web.portal.audit.actions(by: owner.actor)),
            "csvHref": .string(keep.url("/owner/audit.csv")),
            "verification": verification(owner),
            "canVerify": .bool(owner.role == .ownerAdmin),
            "filtered": .bool(!keep.items.isEmpty),
        ]
        if let filter = filters.filter {
            let page = try web.portal.audit.page(filter, before: before, limit: OwnerAuditPages.pageSize, by: owner.actor)
            let total = try web.portal.audit.count(filter, by: owner.actor)
            content["entries"] = .list(page.entries.map { OwnerAuditPages.entryValue($0, names: page.names, owner: owner) })
            content["hasEntries"] = .bool(!page.entries.isEmpty)
            content["total"] = .string(Formatting.number(total))
            if let older = page.nextBefore {
                content["olderHref"] = .string(keep.setting("before", String(older)).url("/owner/audit"))
            }
            if before != nil, let first = page.entries.first {
                switch try web.portal.audit.newerPage(filter, after: first.id, limit: OwnerAuditPages.pageSize, by: owner.actor) {
                case .none: break
                case .newest: content["newerHref"] = .string(keep.url("/owner/audit"))
                case .before(let cursor):
                    content["newerHref"] = .string(keep.setting("before", String(cursor)).url("/owner/audit"))
                }
            }
            if before != nil { content["newestHref"] = .string(keep.url("/owner/audit")) }
        } else {
            content["entries"] = .list([])
            content["hasEntries"] = false
            content["total"] = "0"
        }
        return web.pages.render(
            "owner/audit", title: "Audit log", content: content, breadcrumbs: [Breadcrumb("Audit log")],
            status: filters.form.hasErrors ? .unprocessableContent : .ok, request: request, context: context)
    }

    /// The chain's last verification.
    func verification(_ owner: OwnerContext) -> TemplateValue {
        guard let last = try? web.portal.audit.lastVerification() else {
            return ["never": true]
        }
        return [
            "intact": .bool(last.isIntact), "checked": .string(Formatting.number(last.checked)),
            "brokenID": last.firstBrokenID.map { .string(String($0)) } ?? .null, "at": owner.time(last.verifiedAt),
        ]
    }

    /// One entry for the list (and the tenant page's recent activity): "Sam Support as Tina Admin", the changes
    /// with their before and after values, facts, the note, request id and IP.
    static func entryValue(_ entry: AuditEntry, names: AuditNames, owner: OwnerContext) -> TemplateValue {
        let actor = entry.actorUserID.flatMap { names.user($0) } ?? (entry.actorRole == "system" ? "System" : "Unknown")
        let actorLabel: String
        if let impersonator = names.user(entry.impersonatorUserID) {
            actorLabel = "\(displayName(impersonator)) as \(displayName(actor))"
        } else {
            actorLabel = displayName(actor)
        }
        let changes = entry.changes.map { change -> TemplateValue in
            [
                "field": .string(change.field), "personal": .bool(change.isPersonalData),
                "before": .string(change.before ?? "–"), "after": .string(change.after ?? "–"),
            ]
        }
        let facts = entry.facts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        let summary = (entry.changes.map(\.summary) + (facts.isEmpty ? [] : [facts])).joined(separator: "; ")
        return [
            "id": .string(String(entry.id)), "at": owner.time(entry.createdAt), "action": .string(entry.action),
            "actorLabel": .string(actorLabel), "actorDetail": .string(actor), "role": .string(entry.actorRole),
            "impersonated": .bool(entry.impersonatorUserID != nil),
            "impersonator": names.user(entry.impersonatorUserID).map { .string($0) } ?? .null,
            "tenantName": names.tenant(entry.tenantID).map { .string($0) } ?? .null,
            "tenantHref": entry.tenantID.map { .string("/owner/tenants/\($0)") } ?? .null,
            "target": entry.targetType.map { type in .string(entry.targetID.map { "\(type) #\($0)" } ?? type) } ?? .null,
            "changes": .list(changes), "hasChanges": .bool(!changes.isEmpty),
            "facts": facts.isEmpty ? .null : .string(facts), "changeSummary": summary.isEmpty ? .null : .string(summary),
            "note": entry.note.map { .string($0) } ?? .null,
            "requestID": entry.requestID.map { .string($0) } ?? .null, "ip": entry.ip.map { .string($0) } ?? .null,
        ]
    }

    /// `Dana O'Neil` from `Dana O'Neil <dana@example.com>` (the names lookup adds the e-mail).
    static func displayName(_ label: String) -> String {
        guard let open = label.lastIndex(of: "<"), label.hasSuffix(">") else { return label }
        let name = label[..<open].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? label : name
    }

    /// The filtered entries as CSV, streamed in chunks (header first; formula cells defused by the domain).
    func export(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let filters = try AuditFilters(request, owner: owner, users: web.portal.users)
        guard let filter = filters.filter else {
            throw DomainError.invalid(filters.form.errors)
        }
        let audit = web.portal.audit
        let actor = owner.actor
        let name = "audit-\(owner.format.isoDate(owner.now)).csv"
        var response = HTTPResponse(
            headers: [
                .contentType: "text/csv; charset=utf-8",
                HTTPHeaderName("Content-Disposition"): "attachment; filename=\"\(name)\"",
            ]
        ) { writer in
            try audit.exportCSV(filter, by: actor) { chunk in try writer.write(chunk) }
        }
        response.headers.add(.cacheControl, "no-store")
        return response
    }

    /// Verifies the whole chain now and records the result (owner admins).
    func verify(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let check = try web.portal.health.runIntegrityCheck(.auditChain)
        let flash =
            check.ok
            ? FlashMessage(kind: .success, message: "The audit chain is intact: \(check.result).")
            : FlashMessage(kind: .error, message: "The audit chain is broken: \(check.result). See System health.")
        return .redirect(to: "/owner/audit", flash: flash, using: web.pages.flash)
    }
}

import PortalDomain
import Views

/// The audit log's filters as the URL carries them: `actor` (a user id or an e-mail), `tenant` (an id),
/// `action` (exact, or a prefix ending in `.`), `from` and `until` (dates in the viewer's zone, both inclusive).
///
/// A value that cannot be understood is reported on its field (422) instead of being silently dropped, since
/// an export of "everything" where "one user" was meant would be wrong.
struct AuditFilters {
    /// The submitted values and their messages.
    private(set) var form: FormState
    /// The domain filter, nil when a field was refused.
    private(set) var filter: AuditFilter?
    /// Display name of the actor filter, when it names a user.
    private(set) var actorName: String?

    /// Reads the filters of `request`; an e-mail is looked up among the users.
    init(_ request: HTTPRequest, owner: OwnerContext, users: UserService) throws {
        var form = FormState()
        for name in OwnerAuditPages.filterNames {
            if let value = request.query(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
                form.values[name] = String(value.prefix(200))
            }
        }
        var filter = AuditFilter()
        if let actor = form.optional("actor") {
            if let id = Int64(actor), id > 0 {
                filter.actorUserID = id
                actorName = try users.user(id).map { "\($0.displayName) <\($0.email)>" }
            } else if actor.contains("@"), let user = try users.user(email: actor) {
                filter.actorUserID = user.id
                actorName = "\(user.displayName) <\(user.email)>"
            } else {
                form.errors["actor"] = "No user has that id or e-mail."
            }
        }
        if let tenant = form.optional("tenant") {
            if let id = Int64(tenant), id > 0 {
                filter.tenantID = id
            } else {
                form.errors["tenant"] = "Enter a tenant id (a number)."
            }
        }
        filter.action = form.optional("action")
        if let from = form.optional("from") {
            if let instant = owner.format.instant(fromLocal: from) {
                filter.from = instant
            } else {
                form.errors["from"] = "Use a date like 2026-11-01."
            }
        }
        if let until = form.optional("until") {
            if let start = owner.format.instant(fromLocal: until) {
                filter.until = OwnerTenantsPages.endOfDay(start, format: owner.format)
            } else {
                form.errors["until"] = "Use a date like 2026-11-30."
            }
        }
        if let from = filter.from, let until = filter.until, until <= from {
            form.errors["until"] = "The end date must not be before the start date."
        }
        self.form = form
        self.filter = form.hasErrors ? nil : filter
    }

    /// Values for the filter form: the fields, the action choices (every action, grouped by prefix) and errors.
    func templateValue(actions: [String]) -> TemplateValue {
        let chosen = form.values["action"] ?? ""
        var prefixes: [String] = []
        for action in actions {
            if let dot = action.firstIndex(of: ".") {
                let prefix = String(action[...dot])
                if prefixes.last != prefix { prefixes.append(prefix) }
            }
        }
        var choices: [TemplateValue] = [["value": "", "label": "Any action", "selected": .bool(chosen.isEmpty)]]
        for prefix in prefixes {
            choices.append([
                "value": .string(prefix), "label": .string("\(prefix.dropLast()): all"), "selected": .bool(chosen == prefix),
            ])
            for action in actions where action.hasPrefix(prefix) {
                choices.append(["value": .string(action), "label": .string("  \(action)"), "selected": .bool(chosen == action)])
            }
        }
        if !chosen.isEmpty && !actions.contains(chosen) && !prefixes.contains(chosen) {
            choices.append(["value": .string(chosen), "label": .string(chosen), "selected": true])
        }
        return ["form": form.templateValue, "actions": .list(choices), "actorName": actorName.map { .string($0) } ?? .null]
    }
}

/// One field a change touched. Non-personal fields keep their before and after values; personal
/// fields (names, e-mails, phones, notes) are recorded only as changed, so the hash chain holds no
/// personal data.
public struct AuditChange: Sendable, Equatable {
    /// The field's name (`status`, `plan_id`, `contact_email`, …).
    public let field: String
    /// The value before, for non-personal fields.
    public let before: String?
    /// The value after, for non-personal fields.
    public let after: String?
    /// True for a personal-data field: values are never recorded.
    public let isPersonalData: Bool

    /// A non-personal field with its values.
    public static func value(_ field: String, _ before: String?, _ after: String?) -> AuditChange {
        AuditChange(field: field, before: before, after: after, isPersonalData: false)
    }

    /// A personal-data field: recorded as changed, without values.
    public static func personal(_ field: String) -> AuditChange {
        AuditChange(field: field, before: nil, after: nil, isPersonalData: true)
    }

    /// `status: active → suspended` or `contact_email: changed`.
    public var summary: String {
        if isPersonalData { return "\(field): changed" }
        return "\(field): \(before ?? "-") → \(after ?? "-")"
    }
}

/// What a service writes to the audit log for one state change.
struct AuditRecord {
    /// Dotted action name, `tenant.suspended`.
    var action: String
    /// The tenant concerned, if any.
    var tenantID: Int64?
    /// What kind of thing changed (`tenant`, `plan`, `client`, …).
    var targetType: String?
    /// Its id.
    var targetID: Int64?
    /// Fields changed.
    var changes: [AuditChange] = []
    /// Extra non-personal facts (ids, counts, plan names), sorted by key when stored.
    var facts: [String: String] = [:]
    /// Free text (a reason): stored beside the chain, which holds its hash.
    var note: String?

    /// Adds a value change when the values differ.
    mutating func change(_ field: String, _ before: String?, _ after: String?) {
        if before != after { changes.append(.value(field, before, after)) }
    }

    /// Adds a personal-data change when the values differ (the values themselves are not recorded).
    mutating func personal(_ field: String, _ before: String?, _ after: String?) {
        if before != after { changes.append(.personal(field)) }
    }

    /// The canonical JSON stored in `details` (and hashed).
    var detailsJSON: String {
        let changeItems = changes.map { change -> String in
            if change.isPersonalData { return "{\"field\":\(JSONText.quote(change.field)),\"pii\":true}" }
            let before = change.before.map(JSONText.quote) ?? "null"
            let after = change.after.map(JSONText.quote) ?? "null"
            return "{\"field\":\(JSONText.quote(change.field)),\"before\":\(before),\"after\":\(after)}"
        }
        let factItems = facts.sorted { $0.key < $1.key }.map { "\(JSONText.quote($0.key)):\(JSONText.quote($0.value))" }
        return "{\"changes\":[\(changeItems.joined(separator: ","))],\"facts\":{\(factItems.joined(separator: ","))}}"
    }

    /// Decodes `detailsJSON`.
    static func decodeDetails(_ json: String) -> (changes: [AuditChange], facts: [String: String]) {
        guard let value = JSONText.parse(json) else { return ([], [:]) }
        var changes: [AuditChange] = []
        if case .array(let items)? = value["changes"] {
            for item in items {
                guard let field = item["field"]?.string else { continue }
                if item["pii"] == .bool(true) {
                    changes.append(.personal(field))
                } else {
                    changes.append(.value(field, item["before"]?.string, item["after"]?.string))
                }
            }
        }
        var facts: [String: String] = [:]
        if case .object(let members)? = value["facts"] {
            for (key, item) in members { facts[key] = item.string }
        }
        return (changes, facts)
    }
}

import PortalDomain
import Views

/// The tenant directory's filters as the URL carries them: `q`, `status`, `plan`, `sort`, `dir`, `active`.
///
/// Unknown values are ignored rather than refused, so an old bookmark still opens the directory.
struct TenantFilters {
    /// The sort key that is a directory view rather than a `TenantSort`.
    static let sessionsSort = "sessions"
    /// The `active` values: activity in the last N days.
    static let activeWindows = ["7d": 7, "30d": 30]

    /// Search text.
    let search: String?
    /// Status filter.
    let status: TenantStatus?
    /// Plan filter.
    let planID: Int64?
    /// Sort key (`TenantSort` raw value or `sessions`).
    let sort: String
    /// Direction from `dir`, nil for the key's default.
    let descending: Bool?
    /// `active=7d`: only tenants active in that many days.
    let activeDays: Int?

    /// The filters of `request`.
    init(_ request: HTTPRequest) {
        let text = request.query("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        search = text.isEmpty ? nil : String(text.prefix(100))
        status = request.query("status").flatMap(TenantStatus.init(rawValue:))
        planID = request.query("plan").flatMap { Int64($0) }
        let requested = request.query("sort") ?? ""
        sort =
            TenantSort(rawValue: requested) != nil || requested == TenantFilters.sessionsSort
            ? requested : TenantSort.name.rawValue
        descending =
            switch request.query("dir") {
            case "asc": false
            case "desc": true
            default: nil
            }
        activeDays = request.query("active").flatMap { TenantFilters.activeWindows[$0] }
    }

    /// True when anything narrows or reorders the list.
    var isFiltered: Bool { search != nil || status != nil || planID != nil || activeDays != nil || sort != "name" }

    /// The effective direction of the current sort.
    var isDescending: Bool {
        if sort == TenantFilters.sessionsSort { return true }
        return descending ?? (TenantSort(rawValue: sort)?.defaultDescending ?? false)
    }

    /// Values for the filter form.
    func templateValue(plans: [Plan]) -> TemplateValue {
        let sorts: [(String, String)] = [
            ("name", "Name"), ("created", "Newest"), ("activity", "Last activity"), ("clients", "Active clients"),
            ("sessions", "Sessions this month"), ("usage", "Usage"), ("plan", "Plan"), ("status", "Status"),
        ]
        return [
            "q": .string(search ?? ""),
            "statuses": .list(
                [["value": "", "label": "Any status", "selected": .bool(status == nil)]]
                    + TenantStatus.allCases.map {
                        ["value": .string($0.rawValue), "label": .string($0.label), "selected": .bool($0 == status)]
                    }),
            "plans": .list(
                [["value": "", "label": "Any plan", "selected": .bool(planID == nil)]]
                    + plans.map {
                        ["value": .string(String($0.id)), "label": .string($0.name), "selected": .bool($0.id == planID)]
                    }),
            "sorts": .list(
                sorts.map { ["value": .string($0.0), "label": .string($0.1), "selected": .bool($0.0 == sort)] }),
            "active": .string(activeDays.map { "\($0)d" } ?? ""),
            "activeDays": activeDays.map { .int($0) } ?? .null,
        ]
    }

    /// The table's column headers: sortable ones link to their sort (flipping the direction when already
    /// sorted by them) and carry `aria-sort`.
    func columns(_ keep: URLQuery) -> [TemplateValue] {
        let columns: [(label: String, key: String?, numeric: Bool)] = [
            ("Tenant", "name", false), ("Status", "status", false), ("Plan", "plan", false), ("Clients", "clients", false),
            ("Sessions this month", "sessions", false), ("Usage", "usage", true), ("Last activity", "activity", false),
        ]
        let base = keep.setting("page", nil).setting("active", nil)
        return columns.map { column in
            var value: TemplateDictionary = ["label": .string(column.label), "numeric": .bool(column.numeric)]
            guard let key = column.key else { return .dictionary(value) }
            let current = activeDays == nil && sort == key
            let defaultDescending = key == TenantFilters.sessionsSort || (TenantSort(rawValue: key)?.defaultDescending ?? false)
            var target = base.setting("sort", key == "name" ? nil : key).setting("dir", nil)
            if current && key != TenantFilters.sessionsSort {
                target = target.setting("dir", isDescending ? "asc" : "desc")
            }
            value["href"] = .string(target.url("/owner/tenants"))
            if current { value["sort"] = .string(isDescending ? "descending" : "ascending") }
            value["defaultDescending"] = .bool(defaultDescending)
            return .dictionary(value)
        }
    }
}

import PortalDomain
import Views

/// The plan form's fields: `name`, `price` (a decimal in the currency's unit), `currency`, the four limits
/// `max_clients`, `max_coaches`, `max_sessions_per_month`, `max_storage` (GB; empty = unlimited), the `features`
/// checkboxes and `sort_order`. Field names match the domain's validation keys, so its messages land on them.
struct PlanForm {
    /// Values and messages.
    var state: FormState
    /// Ticked features.
    var features: Set<String>

    /// The currencies offered (any ISO code is accepted).
    static let currencies = ["EUR", "USD", "GBP", "CHF"]

    /// The form showing `plan` (or the defaults of a new plan).
    init(plan: Plan?) {
        state = FormState()
        features = Set(plan?.features ?? [])
        guard let plan else {
            state.values = ["currency": "EUR", "sort_order": "0"]
            return
        }
        state.values = [
            "name": plan.name, "price": plan.price.decimalString, "currency": plan.price.currency,
            "sort_order": String(plan.sortOrder),
        ]
        for kind in LimitKind.allCases {
            state.values[PlanForm.field(kind)] = PlanForm.formValue(plan.limits, kind).map { String($0) } ?? ""
        }
    }

    /// The submitted form.
    init(_ fields: HTTPFormFields) {
        state = FormState(fields)
        features = Set(fields.values("features"))
    }

    /// The form field of a limit.
    static func field(_ kind: LimitKind) -> String { "max_\(kind.rawValue)" }

    /// The draft the fields describe, or nil with messages recorded for the fields that are not understood.
    mutating func draft() -> PlanDraft? {
        let currency = state.string("currency").uppercased()
        var price: Int64?
        if Money.isCurrencyCode(currency) {
            price = PlanForm.minorUnits(state.string("price"), digits: Money.minorDigits(currency))
            if price == nil {
                state.errors["price"] = "Enter the monthly price as a number, e.g. 49 or 49.00."
            }
        } else {
            state.errors["currency"] = "Currency must be a three-letter ISO code such as EUR."
        }
        var limits = PlanLimits(clients: nil, coaches: nil, sessionsPerMonth: nil, storageGB: nil)
        for kind in LimitKind.allCases {
            let name = PlanForm.field(kind)
            guard let text = state.optional(name) else { continue }
            guard let value = Int64(text.replacing(",", with: "")), value >= 0, value <= 1_000_000_000 else {
                state.errors[name] = "Enter a whole number of zero or more, or leave it empty for unlimited."
                continue
            }
            switch kind {
            case .clients: limits.clients = value
            case .coaches: limits.coaches = value
            case .sessionsPerMonth: limits.sessionsPerMonth = value
            case .storage: limits.storageGB = value
            }
        }
        let order = state.optional("sort_order").map { Int($0) } ?? 0
        if order == nil { state.errors["sort_order"] = "Enter a whole number." }
        guard !state.hasErrors, let price, let order else { return nil }
        return PlanDraft(
            name: state.string("name"), priceMinor: price, currency: currency, limits: limits, features: features,
            sortOrder: order)
    }

    /// `49.5` → 4950 with two digits; nil when it is not a plain non-negative decimal with at most `digits` decimals.
    static func minorUnits(_ text: String, digits: Int) -> Int64? {
        let clean = text.replacing(",", with: "").trimmingCharacters(in: .whitespaces)
        let parts = clean.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), let units = Int64(whole), units >= 0,
            units < 10_000_000_000
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= digits, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        fraction += String(repeating: "0", count: digits - fraction.count)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        return units * scale + (Int64(fraction) ?? 0)
    }

    /// Values for `owner/plan-form`.
    func templateValue(catalogue: [Feature]) -> TemplateValue {
        let currency = state.values["currency"] ?? "EUR"
        var currencies = PlanForm.currencies
        if !currencies.contains(currency) && !currency.isEmpty { currencies.append(currency) }
        return [
            "form": state.templateValue,
            "currencies": .list(currencies.map { ["code": .string($0), "selected": .bool($0 == currency)] }),
            "features": .list(
                catalogue.map {
                    [
                        "key": .string($0.key), "name": .string($0.name), "description": .string($0.description),
                        "checked": .bool(features.contains($0.key)),
                    ]
                }),
            "limits": .list(
                LimitKind.allCases.map { kind in
                    let name = PlanForm.field(kind)
                    var value: TemplateDictionary = [
                        "name": .string(name), "label": .string(PlanForm.limitLabel(kind)),
                        "value": .string(state.values[name] ?? ""),
                    ]
                    if let error = state.errors[name] { value["error"] = .string(error) }
                    return .dictionary(value)
                }),
        ]
    }

    /// The label of a limit's field.
    static func limitLabel(_ kind: LimitKind) -> String {
        switch kind {
        case .clients: "Active clients"
        case .coaches: "Coaches"
        case .sessionsPerMonth: "Sessions per month"
        case .storage: "Storage (GB)"
        }
    }

    /// A limit as the form shows it: storage in GB, the others as counts; nil when unlimited.
    static func formValue(_ limits: PlanLimits, _ kind: LimitKind) -> Int64? {
        kind == .storage ? limits.storageGB : limits.limit(kind)
    }
}

import PortalDomain
import Views

extension OwnerTenantsPages {
    /// Performs a confirmed action: the typed name must match the tenant's exactly and a reason is required
    /// where the action takes one; a refusal re-renders the confirmation page (422) and writes nothing.
    func perform(_ action: TenantAction, _ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let id = try context.id()
        var form = FormState(try request.formFields())
        let tenant = try web.portal.tenants.get(id, by: owner.actor)
        if action.needsReason { form.require("reason", label: "Reason") }
        if action.isDestructive, form.string("confirm_name") != tenant.name {
            form.errors["confirm_name"] = "Type the tenant's name exactly as shown: \(tenant.name)"
        }
        guard !form.hasErrors else {
            return try renderConfirmation(action, id: id, form: form, owner: owner, request: request, context: context)
        }
        let message: String
        do {
            switch action {
            case .suspend:
                _ = try web.portal.tenants.suspend(id, reason: form.string("reason"), by: owner.actor)
                message = "\(tenant.name) is suspended."
            case .block:
                _ = try web.portal.tenants.block(id, reason: form.string("reason"), by: owner.actor)
                message = "\(tenant.name) is blocked."
            case .reactivate:
                let back = try web.portal.tenants.reactivate(id, reason: form.string("reason"), by: owner.actor)
                message = "\(tenant.name) is reactivated (\(back.status.label.lowercased()))."
            case .resetDemoData:
                let impact = try web.portal.tenants.resetDemoData(id, by: owner.actor)
                message =
                    "Demo data of \(tenant.name) deleted: \(Formatting.number(impact.sessions)) sessions, "
                    + "\(Formatting.number(impact.clients)) clients, \(Formatting.number(impact.coaches)) coaches."
            case .anonymize:
                let impact = try web.portal.tenants.anonymize(id, by: owner.actor)
                message =
                    "\(tenant.name) is anonymized: \(Formatting.number(impact.clients)) clients, "
                    + "\(Formatting.number(impact.coaches)) coaches and \(Formatting.number(impact.users)) user accounts."
            }
        } catch DomainError.invalid(let fields) {
            form.absorb(fields)
            return try renderConfirmation(action, id: id, form: form, owner: owner, request: request, context: context)
        }
        return .redirect(
            to: "/owner/tenants/\(id)", flash: FlashMessage(kind: .success, message: message), using: web.pages.flash)
    }

    /// Sets one feature of the tenant to on, off or the plan default, with a note and an optional last day
    /// (the override ends when that day ends in the viewer's time zone).
    func setFeature(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let id = try context.id()
        var form = FormState(try request.formFields())
        let key = form.string("feature")
        guard let state = OverrideState(rawValue: form.string("state")) else {
            throw DomainError.invalid("state", "Choose on, off or plan default")
        }
        var expiresAt: Int64?
        if let text = form.optional("expires") {
            if let start = owner.format.instant(fromLocal: text) {
                expiresAt = OwnerTenantsPages.endOfDay(start, format: owner.format)
            } else {
                form.errors["expires"] = "Use a date like 2026-12-31."
            }
        }
        if state == .planDefault { expiresAt = nil }
        if !form.hasErrors {
            do {
                try web.portal.features.setOverride(
                    tenant: id, feature: key, state: state, note: state == .planDefault ? "" : form.string("note"),
                    expiresAt: expiresAt, by: owner.actor)
            } catch DomainError.invalid(let fields) {
                form.absorb(fields.reduce(into: [:]) { $0[$1.key == "expires_at" ? "expires" : $1.key] = $1.value })
            }
        }
        guard !form.hasErrors else {
            return try renderDetail(id: id, owner: owner, featureForm: (key, form), request: request, context: context)
        }
        let name = (try? web.portal.features.catalogue().first { $0.key == key }?.name) ?? key
        let outcome: String
        switch state {
        case .on: outcome = "forced on"
        case .off: outcome = "forced off"
        case .planDefault: outcome = "back to the plan default"
        }
        let until = expiresAt.map { " until \(owner.format.date($0 - 1))" } ?? ""
        return .redirect(
            to: "/owner/tenants/\(id)#features", flash: FlashMessage(kind: .success, message: "\(name) is \(outcome)\(until)."),
            using: web.pages.flash)
    }

    /// The first instant after the local day that starts at `start` (days are not always 24 hours long).
    static func endOfDay(_ start: Int64, format: Formatting) -> Int64 {
        let date = TimeZones.local(start + 36 * 3_600, in: format.zone).isoDate
        return format.instant(fromLocal: date) ?? start + 86_400
    }
}

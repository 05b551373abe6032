import PortalDomain

/// An action on a tenant from its detail page, each behind a confirmation page (`GET`) and performed by a `POST`
/// to the same URL: `/owner/tenants/{id}/{rawValue}`.
enum TenantAction: String, CaseIterable, Sendable {
    /// Suspend (reason): its users can read but change nothing.
    case suspend
    /// Block (reason, owner admins): no changes, no impersonation.
    case block
    /// Lift a suspension or a manual block (reason).
    case reactivate
    /// Delete clients, coaches and sessions, keeping settings, plan, admins and invoices.
    case resetDemoData = "reset-demo-data"
    /// GDPR anonymize: irreversible.
    case anonymize

    /// The capability the action needs (reactivating a manual block needs `blockTenants`: the domain checks).
    var capability: Capability {
        switch self {
        case .suspend, .reactivate: .suspendTenants
        case .block: .blockTenants
        case .resetDemoData: .resetDemoData
        case .anonymize: .anonymizeTenants
        }
    }

    /// The page title.
    func title(_ tenant: String) -> String {
        switch self {
        case .suspend: "Suspend \(tenant)"
        case .block: "Block \(tenant)"
        case .reactivate: "Reactivate \(tenant)"
        case .resetDemoData: "Reset the demo data of \(tenant)"
        case .anonymize: "Anonymize \(tenant) (GDPR)"
        }
    }

    /// The button on the detail page.
    var buttonLabel: String {
        switch self {
        case .suspend: "Suspend…"
        case .block: "Block…"
        case .reactivate: "Reactivate…"
        case .resetDemoData: "Reset demo data…"
        case .anonymize: "Anonymize (GDPR)…"
        }
    }

    /// The confirming button.
    var confirmLabel: String {
        switch self {
        case .suspend: "Suspend tenant"
        case .block: "Block tenant"
        case .reactivate: "Reactivate tenant"
        case .resetDemoData: "Delete the demo data"
        case .anonymize: "Anonymize for good"
        }
    }

    /// One line beside the button.
    var summary: String {
        switch self {
        case .suspend: "Its users can still sign in and read, but cannot change anything."
        case .block: "Stops every change and every impersonation until reactivated."
        case .reactivate: "Restores the status it had before (trial or active)."
        case .resetDemoData: "Deletes clients, coaches and sessions; keeps settings, plan, admins and invoices."
        case .anonymize: "Removes personal data for good; keeps counts and history."
        }
    }

    /// Whether a reason is asked for (stored on the tenant and in the audit note).
    var needsReason: Bool { self == .suspend || self == .block || self == .reactivate }

    /// Whether the tenant's name must be typed to confirm (the destructive actions).
    var isDestructive: Bool { self != .reactivate }

    /// Whether the action makes sense in the tenant's state.
    func isAvailable(for tenant: Tenant) -> Bool {
        unavailableReason(tenant) == nil
    }

    /// Why the action cannot be taken now, nil when it can.
    func unavailableReason(_ tenant: Tenant) -> String? {
        let manualBlock = tenant.status == .blocked && tenant.blockKind == .manual
        switch self {
        case .suspend:
            if tenant.status == .suspended { return "\(tenant.name) is already suspended." }
            if manualBlock { return "\(tenant.name) is blocked; lift the block first." }
        case .block:
            if manualBlock { return "\(tenant.name) is already blocked." }
        case .reactivate:
            if !(tenant.status == .suspended || manualBlock) {
                return "\(tenant.name) is neither suspended nor blocked by an owner."
            }
        case .resetDemoData:
            break
        case .anonymize:
            if tenant.anonymizedAt != nil { return "\(tenant.name) was already anonymized." }
        }
        return nil
    }
}

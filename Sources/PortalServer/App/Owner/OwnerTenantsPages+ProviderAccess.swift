import PortalDomain
import Views

extension OwnerTenantsPages {
    /// The tenant page's provider-access history (`providerAccess`) and impersonation panel (`impersonationPanel`,
    /// rendered by `owner/tenant-impersonation`).
    ///
    /// Issue 7 owns both from here on: it fills `providerAccess` from its provider-access log (who, when, how long,
    /// why, ticket) and `impersonationPanel.running` with the running impersonations (and "End" buttons for owner
    /// admins). Until then the history is empty and the panel only offers to start one.
    func providerAccessValues(_ detail: TenantDetail, owner: OwnerContext) -> TemplateDictionary {
        let candidates = detail.users.items.filter { $0.status == .active && $0.role.isTenantRole }
        let blocked = detail.tenant.status == .blocked && detail.tenant.blockKind == .manual
        return [
            "providerAccess": .list([]),
            "impersonationPanel": [
                "canStart": .bool(owner.can(.impersonate) && !blocked && !candidates.isEmpty),
                "canImpersonate": .bool(owner.can(.impersonate)),
                "noUsers": .bool(candidates.isEmpty),
                "blocked": .bool(blocked),
                "users": .list(
                    candidates.map {
                        [
                            "id": .int(Int($0.id)), "name": .string($0.displayName), "email": .string($0.email),
                            "role": .string($0.role.label),
                        ]
                    }),
                "defaultMinutes": 15, "maxMinutes": 60,
                "running": .list([]), "hasRunning": false,
            ],
        ]
    }
}

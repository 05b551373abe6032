import PortalDomain
import Views

extension OwnerTenantsPages {
    /// The tenant page's provider-access history (`providerAccess`) and impersonation panel (`impersonationPanel`,
    /// rendered by `owner/tenant-impersonation`), both from issue 7's provider-access log: who, when, how
    /// long, why and the ticket; the running impersonations with "End" for owner admins; the start form.
    func providerAccessValues(_ detail: TenantDetail, owner: OwnerContext, context: RequestContext) throws
        -> TemplateDictionary
    {
        let log = try web.portal.impersonations.log(tenant: detail.tenant.id, page: 1, perPage: 20, by: owner.actor)
        let now = web.portal.clock.seconds
        return [
            "providerAccess": .list(
                log.items.map { item in
                    [
                        "staffName": .string(item.staffName), "userName": .string(item.targetName),
                        "reason": .string(item.reason), "ticket": .string(item.ticket),
                        "duration": .string(
                            ProviderAccessPage.duration(item.duration(at: now))
                                + (item.isRunning(at: now) ? ", running" : "")
                                + (item.elevatedAt == nil ? ", read-only" : ", write")),
                        "startedAt": owner.time(item.startedAt),
                    ]
                }),
            "impersonationPanel": try ImpersonationPanel.value(
                tenantID: detail.tenant.id, users: detail.users.items, web: web, context: context),
        ]
    }
}

extension RoutePolicyTable {
    /// The tenant workspace (`/app`), the impersonation routes and the tenant's API-key settings.
    ///
    /// Coaches and clients see `/app` and `/app/notifications` only; everything else is the tenant
    /// admin's (and a staff member's impersonating one).
    static let tenant: [RouteRule] =
        home + people(base: "/app/clients") + people(base: "/app/coaches") + sessions + plan
        + notifications + apiKeys + providerAccess + impersonation

    private static let home: [RouteRule] = [
        RouteRule(method: .get, pattern: "/app", access: .capability(.readOwnTenant))
    ]

    /// A person list with add, edit, deactivate and reactivate.
    private static func people(base: String) -> [RouteRule] {
        let manage = RouteAccess.capability(.manageOwnTenant)
        return [
            RouteRule(method: .get, pattern: base, access: manage),
            RouteRule(method: .get, pattern: base + "/new", access: manage),
            RouteRule(method: .post, pattern: base, access: manage),
            RouteRule(method: .get, pattern: base + "/{id}", access: manage),
            RouteRule(method: .post, pattern: base + "/{id}", access: manage),
            RouteRule(method: .get, pattern: base + "/{id}/deactivate", access: manage),
            RouteRule(method: .post, pattern: base + "/{id}/deactivate", access: manage),
            RouteRule(method: .get, pattern: base + "/{id}/reactivate", access: manage),
            RouteRule(method: .post, pattern: base + "/{id}/reactivate", access: manage),
        ]
    }

    private static let sessions: [RouteRule] = [
        RouteRule(method: .get, pattern: "/app/sessions", access: .capability(.manageOwnTenant)),
        RouteRule(method: .get, pattern: "/app/sessions/new", access: .capability(.manageOwnTenant)),
        RouteRule(method: .post, pattern: "/app/sessions", access: .capability(.manageOwnTenant)),
        RouteRule(method: .get, pattern: "/app/sessions/{id}/cancel", access: .capability(.manageOwnTenant)),
        RouteRule(method: .post, pattern: "/app/sessions/{id}/cancel", access: .capability(.manageOwnTenant)),
    ]

    private static let plan: [RouteRule] = [
        RouteRule(method: .get, pattern: "/app/settings/plan", access: .capability(.requestUpgrade)),
        RouteRule(method: .post, pattern: "/app/settings/plan/upgrade", access: .capability(.requestUpgrade)),
        RouteRule(method: .get, pattern: "/app/settings/plan/upgrade/{id}/withdraw", access: .capability(.requestUpgrade)),
        RouteRule(method: .post, pattern: "/app/settings/plan/upgrade/{id}/withdraw", access: .capability(.requestUpgrade)),
    ]

    private static let notifications: [RouteRule] = [
        RouteRule(method: .get, pattern: "/app/notifications", access: .capability(.readNotifications)),
        RouteRule(method: .post, pattern: "/app/notifications/read-all", access: .capability(.readNotifications)),
        RouteRule(method: .post, pattern: "/app/notifications/{id}/read", access: .capability(.readNotifications)),
    ]

    /// Starting (owner side: step-up, never from an impersonating session), stopping (any signed-in
    /// session: it must always work), elevating, and an owner admin ending a running one.
    static let impersonation: [RouteRule] = [
        RouteRule(
            method: .get, pattern: "/owner/tenants/{id}/impersonate", access: .capability(.impersonate),
            refusedWhileImpersonating: true),
        RouteRule(
            method: .post, pattern: "/owner/tenants/{id}/impersonate", access: .capability(.impersonate), stepUp: true,
            refusedWhileImpersonating: true),
        RouteRule(method: .post, pattern: "/impersonation/stop", access: .signedIn),
        RouteRule(method: .get, pattern: "/impersonation/elevate", access: .signedIn),
        RouteRule(method: .post, pattern: "/impersonation/elevate", access: .signedIn),
        RouteRule(
            method: .post, pattern: "/owner/tenants/{id}/impersonations/{impersonation}/end", access: .roles([.ownerAdmin]),
            refusedWhileImpersonating: true),
    ]

    private static let providerAccess: [RouteRule] = [
        RouteRule(method: .get, pattern: "/app/provider-access", access: .capability(.manageOwnTenant))
    ]

    /// API keys: never while impersonating (a key outlives the impersonation and acts as the admin).
    private static let apiKeys: [RouteRule] = [
        RouteRule(method: .get, pattern: "/app/settings/api-keys", access: .capability(.manageOwnTenant)),
        RouteRule(
            method: .post, pattern: "/app/settings/api-keys", access: .capability(.manageOwnTenant),
            refusedWhileImpersonating: true),
        RouteRule(method: .get, pattern: "/app/settings/api-keys/{id}/revoke", access: .capability(.manageOwnTenant)),
        RouteRule(
            method: .post, pattern: "/app/settings/api-keys/{id}/revoke", access: .capability(.manageOwnTenant),
            refusedWhileImpersonating: true),
    ]
}

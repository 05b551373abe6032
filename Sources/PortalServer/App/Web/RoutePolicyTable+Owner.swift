import PortalDomain

extension RoutePolicyTable {
    /// The owner console (issue 6) and the probes. Reading needs `readPlatform` (every owner role); each action
    /// needs the domain capability that performs it. Dangerous actions carry `stepUp` (a second factor in the
    /// last 15 minutes): suspend, block, reset demo data, anonymize, plan create/edit/delete, sending a broadcast.
    static let owner: [RouteRule] = [
        RouteRule(method: .get, pattern: "/owner", access: .capability(.readPlatform)),
        RouteRule(method: .get, pattern: "/owner/invoices", access: .capability(.readPlatform)),

        RouteRule(method: .get, pattern: "/owner/tenants", access: .capability(.readPlatform)),
        RouteRule(method: .get, pattern: "/owner/tenants/{id}", access: .capability(.readPlatform)),
        RouteRule(method: .post, pattern: "/owner/tenants/{id}/features", access: .capability(.manageFeatures)),
        RouteRule(method: .get, pattern: "/owner/tenants/{id}/suspend", access: .capability(.suspendTenants)),
        RouteRule(method: .post, pattern: "/owner/tenants/{id}/suspend", access: .capability(.suspendTenants), stepUp: true),
        RouteRule(method: .get, pattern: "/owner/tenants/{id}/block", access: .capability(.blockTenants)),
        RouteRule(method: .post, pattern: "/owner/tenants/{id}/block", access: .capability(.blockTenants), stepUp: true),
        // Lifting a suspension needs suspendTenants, lifting a manual block blockTenants (a subset): the domain decides.
        RouteRule(method: .get, pattern: "/owner/tenants/{id}/reactivate", access: .capability(.suspendTenants)),
        RouteRule(method: .post, pattern: "/owner/tenants/{id}/reactivate", access: .capability(.suspendTenants)),
        RouteRule(method: .get, pattern: "/owner/tenants/{id}/reset-demo-data", access: .capability(.resetDemoData)),
        RouteRule(
            method: .post, pattern: "/owner/tenants/{id}/reset-demo-data", access: .capability(.resetDemoData), stepUp: true),
        RouteRule(method: .get, pattern: "/owner/tenants/{id}/anonymize", access: .capability(.anonymizeTenants)),
        RouteRule(
            method: .post, pattern: "/owner/tenants/{id}/anonymize", access: .capability(.anonymizeTenants), stepUp: true,
            refusedWhileImpersonating: true),

        RouteRule(method: .get, pattern: "/owner/plans", access: .capability(.readPlatform)),
        RouteRule(method: .get, pattern: "/owner/plans/new", access: .capability(.managePlans)),
        RouteRule(method: .post, pattern: "/owner/plans", access: .capability(.managePlans), stepUp: true),
        RouteRule(method: .get, pattern: "/owner/plans/{id}/edit", access: .capability(.managePlans)),
        RouteRule(method: .post, pattern: "/owner/plans/{id}", access: .capability(.managePlans), stepUp: true),
        RouteRule(method: .get, pattern: "/owner/plans/{id}/delete", access: .capability(.managePlans)),
        RouteRule(method: .post, pattern: "/owner/plans/{id}/delete", access: .capability(.managePlans), stepUp: true),

        RouteRule(method: .get, pattern: "/owner/upgrades", access: .capability(.readPlatform)),
        RouteRule(method: .post, pattern: "/owner/upgrades/{id}/approve", access: .capability(.decideUpgrades)),
        RouteRule(method: .post, pattern: "/owner/upgrades/{id}/reject", access: .capability(.decideUpgrades)),

        RouteRule(method: .get, pattern: "/owner/broadcasts", access: .capability(.readPlatform)),
        RouteRule(method: .get, pattern: "/owner/broadcasts/new", access: .capability(.manageBroadcasts)),
        RouteRule(method: .post, pattern: "/owner/broadcasts", access: .capability(.manageBroadcasts)),
        RouteRule(method: .get, pattern: "/owner/broadcasts/{id}", access: .capability(.readPlatform)),
        RouteRule(method: .post, pattern: "/owner/broadcasts/{id}", access: .capability(.manageBroadcasts)),
        RouteRule(method: .get, pattern: "/owner/broadcasts/{id}/edit", access: .capability(.manageBroadcasts)),
        RouteRule(method: .get, pattern: "/owner/broadcasts/{id}/delete", access: .capability(.manageBroadcasts)),
        RouteRule(method: .post, pattern: "/owner/broadcasts/{id}/delete", access: .capability(.manageBroadcasts)),
        RouteRule(method: .get, pattern: "/owner/broadcasts/{id}/send", access: .capability(.manageBroadcasts)),
        RouteRule(
            method: .post, pattern: "/owner/broadcasts/{id}/send", access: .capability(.manageBroadcasts), stepUp: true),

        RouteRule(method: .get, pattern: "/owner/audit", access: .capability(.readAudit)),
        RouteRule(method: .get, pattern: "/owner/audit.csv", access: .capability(.readAudit)),
        RouteRule(method: .post, pattern: "/owner/audit/verify", access: .roles([.ownerAdmin])),

        RouteRule(method: .get, pattern: "/owner/health", access: .capability(.readPlatform)),

        // Probes: readiness for load balancers; metrics check owner staff or the bearer token in the handler.
        RouteRule(method: .get, pattern: "/readyz", access: .public, authentication: .none),
        RouteRule(method: .get, pattern: "/metrics", access: .public),
    ]
}

import PortalDomain

@testable import PortalServer

extension WebSession {
    /// A session for `viewer`, optionally impersonating `target` (with `staff` = viewer).
    static func mock(
        _ viewer: Viewer, impersonating target: Viewer? = nil, tenantName: String = "Studio", writeMode: Bool = false,
        expiresAt: Int64 = 0
    ) -> WebSession {
        WebSession(
            id: 1, user: viewer,
            impersonation: target.map { _ in
                ImpersonationState(id: 9, staff: viewer, tenantName: tenantName, writeMode: writeMode, expiresAt: expiresAt)
            },
            impersonatedUser: target, csrfToken: "csrf-token", secondFactorAt: nil)
    }
}

extension Viewer {
    /// A viewer with a role (and tenant for tenant roles).
    static func mock(_ role: Role, id: Int64 = 1, tenantID: Int64? = nil, name: String = "Dana O'Neil") -> Viewer {
        Viewer(
            userID: id, role: role, tenantID: role.isTenantRole ? (tenantID ?? 1) : nil, name: name,
            email: "dana@example.com", timeZone: "Europe/Berlin")
    }
}

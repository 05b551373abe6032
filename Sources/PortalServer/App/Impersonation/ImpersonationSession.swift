import PortalDomain

/// Fills a staff member's `WebSession` with the impersonation their session runs: `impersonation` (the
/// banner and the guards read it) and `impersonatedUser` (pages and domain calls act as them, with the
/// staff member recorded behind them). Called by the session middleware for every owner-staff session.
enum ImpersonationSession {
    /// `session` with its running impersonation attached; unchanged when there is none. An impersonation
    /// whose viewed user was deleted or disabled meanwhile is stopped here and the staff member continues
    /// as themselves.
    static func attach(_ session: WebSession, portal: Portal, context: RequestContext) throws -> WebSession {
        guard session.user.role.isOwnerStaff, let view = try portal.impersonations.view(session: session.id) else {
            return session
        }
        let impersonation = view.impersonation
        guard let target = view.target, target.status == .active, target.role.isTenantRole,
            target.tenantID == impersonation.tenantID
        else {
            try portal.impersonations.stop(impersonation.id, by: session.ownActor(context))
            return session
        }
        let viewed = Viewer(
            userID: target.id, role: target.role, tenantID: target.tenantID, name: target.displayName, email: target.email,
            timeZone: view.timeZone)
        let state = ImpersonationState(
            id: impersonation.id, staff: session.user, tenantName: impersonation.tenantName,
            writeMode: impersonation.mode == .write, expiresAt: impersonation.expiresAt)
        return WebSession(
            id: session.id, user: session.user, impersonation: state, impersonatedUser: viewed, csrfToken: session.csrfToken,
            secondFactorAt: session.secondFactorAt)
    }
}

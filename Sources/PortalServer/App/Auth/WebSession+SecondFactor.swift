import PortalDomain

extension WebSession {
    /// The same session with its second factor checked at `time` (after a step-up in this request).
    func withSecondFactor(at time: Int64) -> WebSession {
        WebSession(
            id: id, user: user, impersonation: impersonation, impersonatedUser: impersonatedUser, csrfToken: csrfToken,
            secondFactorAt: time)
    }

    /// The signed-in person (not the impersonated user) as the actor of their own account's changes.
    func ownActor(_ context: RequestContext) -> ActingUser {
        ActingUser(
            userID: user.userID, role: user.role, tenantID: user.tenantID, requestID: context.requestID,
            ip: context.remoteAddress)
    }
}

import PortalDomain

/// Who a tenant page works for: the effective tenant user (the signed-in one, or the one a staff member
/// impersonates), their tenant and the domain actor with both identities.
///
/// Every tenant page starts with it, so a handler can only ever name the session's own tenant: ids from
/// the URL are looked up inside `tenantID`, and a foreign id is the domain's `notFound`.
struct TenantScope {
    /// The request's session.
    let session: WebSession
    /// The user pages are rendered for.
    let viewer: Viewer
    /// The viewer's tenant.
    let tenantID: Int64
    /// The domain actor (with the impersonating staff member, if any).
    let actor: ActingUser

    /// The scope of a signed-in tenant-side request; `notPermitted` for owner staff acting as themselves
    /// and, with `capability`, for a role without it (the policy table says the same; this is defence
    /// in depth should a route's row ever be too wide).
    init(_ context: RequestContext, requiring capability: Capability? = nil) throws(DomainError) {
        guard let session = context.session, let tenantID = session.effective.tenantID else {
            throw DomainError.notPermitted("This page belongs to a studio's workspace.")
        }
        if let capability, !session.effective.role.can(capability) {
            throw DomainError.notPermitted("This page is for the studio's admins.")
        }
        self.session = session
        self.viewer = session.effective
        self.tenantID = tenantID
        self.actor = session.acting(context)
    }

    /// Formatting in the viewer's time zone.
    var format: Formatting { Formatting(timeZone: viewer.timeZone) }

    /// True while a staff member impersonates the viewer.
    var isImpersonated: Bool { session.impersonation != nil }
}

extension RequestContext {
    /// The `{name}` route parameter as a record id; a missing or malformed one is a 404 like any unknown id.
    func recordID(_ name: String = "id") throws(DomainError) -> Int64 {
        guard let text = parameters[name], let id = Int64(text), id > 0 else {
            throw DomainError.notFound("record \(parameters[name] ?? "")")
        }
        return id
    }
}

/// Which wrapper an account page uses: the console of the viewer's side once signed in, the plain sign-in
/// layout while the session must still change its password or enrol (no navigation it could not use).
enum AccountLayout {
    /// `account/owner/NAME`, `account/tenant/NAME` or `account/auth/NAME` for the request's session.
    static func template(_ name: String, context: RequestContext) -> String {
        let state = context[SessionStateKey.self] ?? .full
        if state != .full { return "account/auth/\(name)" }
        return "account/\(Navigation.layout(for: context.session).rawValue)/\(name)"
    }
}

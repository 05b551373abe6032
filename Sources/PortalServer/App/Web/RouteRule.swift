import PortalDomain

/// Who may use a route, in the domain's words; turned into the HTTP layer's `AccessPolicy` at registration.
enum RouteAccess: Sendable, Hashable {
    /// Anyone, signed in or not (sign-in pages, static files, probes).
    case `public`
    /// Any signed-in user, whatever the role (account pages, sign-out, stopping an impersonation).
    case signedIn
    /// Signed-in users whose role has this capability (`Role.capabilities`, the domain's one table).
    case capability(Capability)
    /// Signed-in users holding one of these roles.
    case roles(Set<Role>)

    /// The roles this access admits (all roles for `public` and `signedIn`).
    var roles: Set<Role> {
        switch self {
        case .public, .signedIn: Set(Role.allCases)
        case .capability(let capability): Set(Role.allCases.filter { $0.can(capability) })
        case .roles(let roles): roles
        }
    }

    /// The HTTP layer's policy for this access.
    var policy: AccessPolicy {
        switch self {
        case .public: .public
        case .signedIn: .signedIn
        case .capability, .roles: .roles(Set(roles.map { RoleName($0.rawValue) }))
        }
    }
}

/// How a request on a route proves who it is.
enum RouteAuthentication: Sendable, Hashable {
    /// The `__Host-portal` session cookie; unsafe methods need the CSRF token.
    case session
    /// An API key in `Authorization: Bearer`; no cookies, so no CSRF token (issue 7's `/api/v1`).
    case apiKey
    /// Nobody: static files and probes. No session is looked up (they run on the event loop, which
    /// must never wait for the database) and no CSRF token is checked.
    case none
}

/// One row of the policy table: a route and everything the middleware must know about it.
struct RouteRule: Sendable, Hashable {
    /// The method.
    let method: HTTPMethod
    /// The pattern, exactly as registered (`/owner/tenants/{id}`).
    let pattern: String
    /// Who may use it.
    let access: RouteAccess
    /// A dangerous owner action: needs a second-factor check in the last 15 minutes (step-up).
    var stepUp = false
    /// How the request authenticates.
    var authentication = RouteAuthentication.session
    /// Refused while impersonating even in write mode (password, 2FA, e-mail, API keys, GDPR, a second
    /// impersonation): issue 7's guard reads it.
    var refusedWhileImpersonating = false

    /// The table's key for this route.
    var key: RouteKey { RouteKey(method: method, pattern: pattern) }
}

/// A route's identity in the policy table.
struct RouteKey: Sendable, Hashable, CustomStringConvertible {
    /// The method.
    let method: HTTPMethod
    /// The registered pattern.
    let pattern: String

    var description: String { "\(method) \(pattern)" }
}

/// The name of a role; the App layer defines the actual names (`owner_admin`, `support`, …).
struct RoleName: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The role's identifier.
    let rawValue: String

    /// Wraps a role identifier.
    init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps a role identifier.
    init(_ rawValue: String) { self.rawValue = rawValue }
    init(stringLiteral value: String) { self.rawValue = value }

    var description: String { rawValue }
}

/// Who may use a route. Every route declares one; the HTTP layer only exposes it in the context and
/// an App middleware enforces it (it needs the session, which HTTP/ knows nothing about).
enum AccessPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Anyone, signed in or not.
    case `public`
    /// Any signed-in user.
    case signedIn
    /// A signed-in user holding at least one of these roles.
    case roles(Set<RoleName>)

    var description: String {
        switch self {
        case .public: "public"
        case .signedIn: "signed-in"
        case .roles(let roles): "roles(" + roles.map(\.rawValue).sorted().joined(separator: ",") + ")"
        }
    }
}

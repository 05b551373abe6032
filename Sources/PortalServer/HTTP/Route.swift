/// Where a route's handler runs.
enum RouteExecution: Sendable, Hashable {
    /// On the event loop: only for handlers that never block (`/healthz`, in-memory static files).
    case inline
    /// On the bounded worker pool (the default: page handlers block on SQLite).
    case worker
}

/// A registered route as the router's listing shows it.
struct RouteInfo: Sendable, Hashable {
    /// The method.
    let method: HTTPMethod
    /// The pattern, e.g. `/owner/tenants/{id}`.
    let pattern: String
    /// The access policy.
    let policy: AccessPolicy
}

/// One segment of a route pattern.
enum RouteSegment: Sendable, Hashable {
    /// Must equal this text.
    case literal(String)
    /// Captures one segment under this name.
    case parameter(String)
    /// Captures the rest of the path (possibly empty) under `*`; only last.
    case wildcard
}

/// A route: pattern, policy, limits, execution mode and handler.
struct Route: Sendable {
    /// The method.
    let method: HTTPMethod
    /// The pattern as registered.
    let pattern: String
    /// The parsed pattern.
    let segments: [RouteSegment]
    /// The access policy.
    let policy: AccessPolicy
    /// The largest accepted body, or nil for `HTTPLimits.maxBody`.
    let bodyLimit: Int?
    /// Where the handler runs.
    let execution: RouteExecution
    /// The handler.
    let handler: HTTPHandler

    /// Parses `pattern` (`/a/{id}/b`, `/static/*`); a malformed pattern is a programmer error.
    static func parse(_ pattern: String) -> [RouteSegment] {
        precondition(pattern.hasPrefix("/"), "route pattern must start with /: \(pattern)")
        let parts = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if pattern == "/" { return [] }
        var result: [RouteSegment] = []
        for (index, part) in parts.enumerated() {
            if part == "*" {
                precondition(index == parts.count - 1, "wildcard must be last: \(pattern)")
                result.append(.wildcard)
            } else if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                result.append(.parameter(String(part.dropFirst().dropLast())))
            } else {
                precondition(!part.contains("{") && !part.contains("}"), "malformed parameter in \(pattern)")
                result.append(.literal(String(part)))
            }
        }
        return result
    }

    /// Matches decoded path segments; returns the captures or nil.
    func match(_ path: [String]) -> RouteParameters? {
        var parameters = RouteParameters()
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                guard index < path.count, path[index] == text else { return nil }
            case .parameter(let name):
                guard index < path.count, !path[index].isEmpty else { return nil }
                parameters.append(name, path[index])
            case .wildcard:
                parameters.append("*", path[index...].joined(separator: "/"))
                return parameters
            }
            index += 1
        }
        return index == path.count ? parameters : nil
    }

    /// True when the pattern has no parameters or wildcard (served by dictionary lookup).
    var isStatic: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }
}

/// A key for a value the App layer attaches to a request's context (session, user, tenant, flash, nonce).
protocol RequestContextKey {
    /// The stored value's type.
    associatedtype Value: Sendable
}

/// Per-request state passed `inout` through middleware to the handler.
struct RequestContext: Sendable {
    /// The request id (`X-Request-Id`), also in the access log.
    var requestID: String
    /// The matched route's pattern (`/owner/tenants/{id}`), nil when no route matched.
    var route: String?
    /// The values captured from the path.
    var parameters: RouteParameters
    /// The matched route's access policy (`.public` when no route matched).
    var policy: AccessPolicy
    /// The peer's IP address.
    var remoteAddress: String
    /// When the request's head was complete, in monotonic nanoseconds (for durations).
    var startNanos: UInt64
    private var storage: [ObjectIdentifier: any Sendable] = [:]

    /// A context for a request from `remoteAddress`.
    init(
        requestID: String = "", route: String? = nil, parameters: RouteParameters = RouteParameters(),
        policy: AccessPolicy = .public, remoteAddress: String = "", startNanos: UInt64 = 0
    ) {
        self.requestID = requestID
        self.route = route
        self.parameters = parameters
        self.policy = policy
        self.remoteAddress = remoteAddress
        self.startNanos = startNanos
    }

    /// The value the App layer stored under `key`.
    subscript<K: RequestContextKey>(key: K.Type) -> K.Value? {
        get { storage[ObjectIdentifier(key)] as? K.Value }
        set { storage[ObjectIdentifier(key)] = newValue }
    }
}

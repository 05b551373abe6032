extension RoutePolicyTable {
    /// The auth rows (filled in by the issue that builds those pages).
    static let auth: [RouteRule] = []
}

extension RoutePolicyTable {
    /// The api rows (filled in by the issue that builds those pages).
    static let api: [RouteRule] = []
}

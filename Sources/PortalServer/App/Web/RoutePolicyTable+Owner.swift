extension RoutePolicyTable {
    /// The owner rows (filled in by the issue that builds those pages).
    static let owner: [RouteRule] = []
}

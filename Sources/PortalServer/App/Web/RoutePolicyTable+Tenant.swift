extension RoutePolicyTable {
    /// The tenant rows (filled in by the issue that builds those pages).
    static let tenant: [RouteRule] = []
}

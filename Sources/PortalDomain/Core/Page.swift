/// One page of a list with the total count behind it.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page.
    public let items: [Item]
    /// How many items match in all.
    public let total: Int
    /// 1-based page number.
    public let page: Int
    /// Items per page.
    public let perPage: Int

    /// A page of `items`.
    public init(items: [Item], total: Int, page: Int, perPage: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.perPage = perPage
    }

    /// Number of pages (at least 1, so an empty list still has page 1).
    public var pageCount: Int { max(1, (total + perPage - 1) / max(1, perPage)) }
    /// True when a later page exists.
    public var hasNext: Bool { page < pageCount }
    /// True when an earlier page exists.
    public var hasPrevious: Bool { page > 1 }
    /// Offset of the first item, for SQL.
    static func offset(page: Int, perPage: Int) -> Int { (max(1, page) - 1) * perPage }
}

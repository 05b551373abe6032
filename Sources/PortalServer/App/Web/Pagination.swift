import PortalDomain
import Views

/// The `partials/pagination` values for a page of a list: "51–100 of 203", numbered links with gaps,
/// previous/next, every link keeping the list's filters.
enum Pagination {
    /// The values for `page`, linking to `path` with `query` (the filters) and `page=N`.
    static func value<Item>(_ page: Page<Item>, path: String, query: URLQuery, noun: String = "items") -> TemplateValue {
        let first = page.total == 0 ? 0 : (page.page - 1) * page.perPage + 1
        let last = min(page.total, page.page * page.perPage)
        let summary =
            page.total == 0
            ? "No \(noun)" : "\(Formatting.number(first))–\(Formatting.number(last)) of \(Formatting.number(page.total)) \(noun)"
        func href(_ number: Int) -> String { query.setting("page", number == 1 ? nil : String(number)).url(path) }
        var pages: [TemplateValue] = []
        var previous = 0
        for number in numbers(current: page.page, count: page.pageCount) {
            if number > previous + 1 { pages.append(["gap": true]) }
            pages.append(["number": .int(number), "href": .string(href(number)), "current": .bool(number == page.page)])
            previous = number
        }
        var value: TemplateDictionary = [
            "summary": .string(summary), "pages": .list(pages), "hasPages": .bool(page.pageCount > 1),
        ]
        if page.hasPrevious { value["prev"] = ["href": .string(href(page.page - 1))] }
        if page.hasNext { value["next"] = ["href": .string(href(page.page + 1))] }
        return .dictionary(value)
    }

    /// Page numbers to show: the first, the last, and two either side of the current one.
    static func numbers(current: Int, count: Int) -> [Int] {
        guard count > 1 else { return [1] }
        var set: Set<Int> = [1, count]
        for n in (current - 2)...(current + 2) where n >= 1 && n <= count { set.insert(n) }
        return set.sorted()
    }

    /// The `page` query parameter as a page number (1 when absent or malformed; capped to keep offsets sane).
    static func requestedPage(_ request: HTTPRequest) -> Int {
        guard let text = request.query("page"), let number = Int(text), number >= 1 else { return 1 }
        return min(number, 100_000)
    }
}

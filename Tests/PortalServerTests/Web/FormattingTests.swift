import PortalDomain
import Testing

@testable import PortalServer

@Suite struct FormattingTests {
    @Test func moneyAndNumbers() {
        #expect(Formatting.money(Money(minorUnits: 123_450, currency: "EUR")) == "€1,234.50")
        #expect(Formatting.money(Money(minorUnits: -5, currency: "USD")) == "−$0.05")
        #expect(Formatting.money(Money(minorUnits: 1_234_567, currency: "JPY")) == "1,234,567 JPY")
        #expect(Formatting.number(1_234_567) == "1,234,567")
        #expect(Formatting.number(-1000) == "−1,000")
        #expect(Formatting.decimal(4.25) == "4.3")
        #expect(Formatting.bytes(1_500_000_000) == "1.5 GB")
    }

    @Test func timesInTheViewersZone() {
        let berlin = Formatting(timeZone: "Europe/Berlin")
        // 2026-11-21 13:05 UTC = 14:05 in Berlin (CET).
        let t: Int64 = 1_795_266_300
        #expect(berlin.dateTime(t) == "21 Nov 2026, 14:05")
        #expect(berlin.isoLocalDateTime(t) == "2026-11-21T14:05")
        #expect(berlin.instant(fromLocal: "2026-11-21T14:05") == t)
        #expect(berlin.instant(fromLocal: "2026-13-01") == nil)
        #expect(Formatting.isoUTC(t) == "2026-11-21T13:05:00Z")
        #expect(Formatting(timeZone: "Not/AZone").zoneName == "UTC")
        #expect(Formatting.relative(t - 300, now: t) == "5 min ago")
        #expect(Formatting.relative(t + 7200, now: t) == "in 2 h")
    }

    @Test func paginationKeepsFiltersAndShowsGaps() {
        let page = Page(items: [Int](), total: 1000, page: 7, perPage: 50)
        #expect(Pagination.numbers(current: 7, count: 20) == [1, 5, 6, 7, 8, 9, 20])
        let query = URLQuery().setting("q", "a b&c").setting("status", "trial")
        let value = Pagination.value(page, path: "/owner/tenants", query: query, noun: "tenants")
        #expect(value["summary"]?.text == "301–350 of 1,000 tenants")
        #expect(value["next"]?["href"]?.text == "/owner/tenants?q=a%20b%26c&status=trial&page=8")
        #expect(value["prev"]?["href"]?.text == "/owner/tenants?q=a%20b%26c&status=trial&page=6")
    }

    @Test func usageBarLevels() {
        #expect(Charts.usageBar(label: "Clients", used: 79, limit: 100)["level"]?.text == "ok")
        #expect(Charts.usageBar(label: "Clients", used: 80, limit: 100)["level"]?.text == "warn")
        #expect(Charts.usageBar(label: "Clients", used: 120, limit: 100)["barWidth"]?.text == "100")
        #expect(Charts.usageBar(label: "Clients", used: 5, limit: nil)["limitLabel"]?.text == "unlimited")
        let spark = Charts.sparkline([1, 3, 2], label: "Revenue")
        #expect(spark["line"]?.text == "M0.0 30.0 L50.0 2.0 L100.0 16.0")
    }
}

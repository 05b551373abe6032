import Foundation
import Testing

@testable import PortalDomain

@Suite struct TimeZonesTests {
    @Test func civilDaysRoundTrip() {
        #expect(TimeZones.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(TimeZones.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = TimeZones.civilFromDays(days)
            #expect(TimeZones.daysFromCivil(year: date.year, month: date.month, day: date.day) == days)
        }
    }

    @Test func localTimeAndMonthKeysFollowTheZone() throws {
        let berlin = try #require(TimeZones.zone("Europe/Berlin"))
        // 2026-01-31 23:30 UTC is already February 1st in Berlin.
        let instant: Int64 = 1_769_902_200
        #expect(TimeZones.monthKey(instant, in: TimeZones.zoneOrUTC("UTC")) == 202_601)
        #expect(TimeZones.monthKey(instant, in: berlin) == 202_602)
        let local = TimeZones.local(instant, in: berlin)
        #expect(local.isoDate == "2026-02-01")
        #expect(local.hour == 0 && local.minute == 30)
        #expect(local.weekday == 7)
        #expect(TimeZones.startOfMonth(202_602, in: berlin) == 1_769_900_400)
        #expect(TimeZones.addMonths(202_612, 1) == 202_701)
        #expect(TimeZones.addMonths(202_601, -1) == 202_512)
        #expect(TimeZones.zone("Not/AZone") == nil)
    }

    @Test func offsetTableFollowsDaylightSavingTransitions() throws {
        let berlin = try #require(TimeZones.zone("Europe/Berlin"))
        // 2026-03-29 01:00 UTC: CET → CEST.
        let transition: Int64 = 1_774_746_000
        let table = OffsetTable(zone: berlin, from: transition - 10 * 86_400, until: transition + 10 * 86_400)
        #expect(table.offset(transition - 1) == 3_600)
        #expect(table.offset(transition) == 7_200)
        #expect(table.offset(transition + 86_400) == 7_200)
        let kolkata = try #require(TimeZones.zone("Asia/Kolkata"))
        #expect(OffsetTable(zone: kolkata, from: 0, until: 86_400 * 30).offset(1_000) == 19_800)
    }
}

import Foundation
import Testing

@testable import PrivacyBatchCore

@Suite struct CalendarDayTests {
    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2025, 3, 4, 20_151), (1, 1, 1, -719_162),
        (9999, 12, 31, 2_932_896),
    ])
    func convertsBetweenDatesAndDayNumbers(year: Int, month: Int, day: Int, number: Int) throws {
        let calendarDay = try #require(CalendarDay(year: year, month: month, day: day))
        #expect(calendarDay.daysSinceEpoch == number)
        #expect(CalendarDay(daysSinceEpoch: number).components == (year, month, day))
    }

    /// Days from 1600 (after Foundation's switch from the Julian calendar) to 2370 agree with Foundation in UTC.
    @Test func agreesWithFoundationSince1600() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for number in stride(from: -135_140, through: 146_097, by: 7) {
            let day = CalendarDay(daysSinceEpoch: number)
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(number) * 86_400))
            #expect(parts.year == day.year && parts.month == day.month && parts.day == day.day)
            #expect(CalendarDay(year: day.year, month: day.month, day: day.day) == day)
        }
    }

    @Test(arguments: [
        (2025, 2, 29), (2024, 2, 30), (2025, 4, 31), (2025, 13, 1), (2025, 0, 1), (2025, 1, 0), (0, 1, 1),
    ])
    func refusesDaysTheCalendarLacks(year: Int, month: Int, day: Int) {
        #expect(CalendarDay(year: year, month: month, day: day) == nil)
    }

    @Test func writesAndReadsISO() throws {
        let day = try #require(CalendarDay(year: 2025, month: 3, day: 4))
        #expect(day.iso == "2025-03-04")
        #expect(day.description == "2025-03-04")
        #expect(CalendarDay(iso: "2025-03-04") == day)
        #expect(CalendarDay(iso: "2025-3-04") == nil)
        #expect(CalendarDay(iso: "2025-02-30") == nil)
        #expect(CalendarDay(iso: "2025-03-04T00:00:00Z") == nil)
    }

    @Test func containsInstantsOfItsUTCDay() throws {
        let day = try #require(CalendarDay(year: 2025, month: 2, day: 28))
        #expect(CalendarDay(containing: day.start) == day)
        #expect(CalendarDay(containing: day.start.addingTimeInterval(86_399.999)) == day)
        #expect(CalendarDay(containing: day.start.addingTimeInterval(-0.001)) == day.adding(days: -1))
        #expect(CalendarDay(containing: Date(timeIntervalSince1970: -1)).iso == "1969-12-31")
    }

    @Test func encodesAsISOText() throws {
        let day = try #require(CalendarDay(year: 2026, month: 1, day: 15))
        let data = try JSONEncoder().encode([day])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-01-15"]"#)
        #expect(try JSONDecoder().decode([CalendarDay].self, from: data) == [day])
    }
}

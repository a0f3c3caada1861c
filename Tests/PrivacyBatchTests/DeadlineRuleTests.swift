import Foundation
import Testing

@testable import PrivacyBatchCore

@Suite struct DeadlineRuleTests {
    /// One calendar month: the same day number, or the next month's last day when it has none.
    @Test(arguments: [
        ("2025-01-31", "2025-02-28"), ("2024-01-31", "2024-02-29"), ("2025-01-30", "2025-02-28"),
        ("2024-01-30", "2024-02-29"), ("2025-03-31", "2025-04-30"), ("2025-12-15", "2026-01-15"),
        ("2025-02-28", "2025-03-28"), ("2024-02-29", "2024-03-29"), ("2025-12-31", "2026-01-31"),
        ("2025-05-31", "2025-06-30"), ("2025-08-31", "2025-09-30"), ("2025-06-30", "2025-07-30"),
        ("2100-01-29", "2100-02-28"), ("2000-01-29", "2000-02-29"),
    ])
    func gdprGivesOneCalendarMonth(received: String, due: String) throws {
        let day = try #require(CalendarDay(iso: received))
        #expect(DeadlineRule.gdpr.dueDay(receivedOn: day).iso == due)
    }

    @Test(arguments: [
        ("2025-01-01", "2025-02-15"), ("2025-11-30", "2026-01-14"), ("2025-12-31", "2026-02-14"),
        ("2024-01-31", "2024-03-16"), ("2025-01-31", "2025-03-17"), ("2024-02-15", "2024-03-31"),
    ])
    func ccpaGivesFortyFiveDays(received: String, due: String) throws {
        let day = try #require(CalendarDay(iso: received))
        #expect(DeadlineRule.ccpa.dueDay(receivedOn: day).iso == due)
    }

    @Test(arguments: [(1, "2025-01-01"), (30, "2025-01-30"), (365, "2025-12-31"), (366, "2026-01-01")])
    func daysAddCalendarDays(count: Int, due: String) throws {
        let day = try #require(CalendarDay(iso: "2024-12-31"))
        #expect(DeadlineRule.days(count).dueDay(receivedOn: day).iso == due)
    }

    @Test func countsFromTheUTCDayOfADateTime() throws {
        let received = try #require(try ReceivedDate(parsing: "2025-03-01T01:00+02:00"))
        #expect(DeadlineRule.gdpr.dueDay(for: received).iso == "2025-03-28")
    }

    @Test(arguments: [
        ("gdpr", DeadlineRule.gdpr), ("GDPR", .gdpr), (" Gdpr ", .gdpr), ("ccpa", .ccpa), ("CCPA", .ccpa),
        ("30", .days(30)), ("45", .days(45)), (" 7d ", .days(7)), ("1", .days(1)), ("3650", .days(3650)),
    ])
    func parsesRules(text: String, expected: DeadlineRule) throws {
        #expect(try DeadlineRule(parsing: text) == expected)
    }

    @Test(arguments: [
        ("", DeadlineRule.ParseError.unknown("")), ("lgpd", .unknown("lgpd")), ("30 days", .unknown("30 days")),
        ("1.5", .unknown("1.5")), ("0", .daysOutOfRange("0")), ("-5", .daysOutOfRange("-5")),
        ("3651", .daysOutOfRange("3651")), ("99999999999999999999", .daysOutOfRange("99999999999999999999")),
    ])
    func refusesOtherRules(text: String, expected: DeadlineRule.ParseError) {
        #expect(throws: expected) { try DeadlineRule(parsing: text) }
    }

    @Test func describesAndRoundTrips() throws {
        #expect(DeadlineRule.gdpr.description == "GDPR (one calendar month)")
        #expect(DeadlineRule.ccpa.description == "CCPA (45 days)")
        #expect(DeadlineRule.days(30).description == "30 days")
        #expect(DeadlineRule.days(1).description == "1 day")
        for rule in [DeadlineRule.gdpr, .ccpa, .days(30)] {
            #expect(try DeadlineRule(parsing: rule.argument) == rule)
            let data = try JSONEncoder().encode([rule])
            #expect(try JSONDecoder().decode([DeadlineRule].self, from: data) == [rule])
        }
    }

    @Test func messagesSayWhatToGive() {
        #expect(DeadlineRule.ParseError.unknown("lgpd").description.contains("gdpr"))
        #expect(DeadlineRule.ParseError.daysOutOfRange("0").description.contains("from 1 to 3650"))
    }
}

import Foundation
import Testing

@testable import PrivacyBatchCore

@Suite struct ReceivedDateTests {
    @Test(arguments: [
        ("2025-03-04", "2025-03-04"), (" 2025-03-04\t", "2025-03-04"), ("2025-3-4", "2025-03-04"),
        ("2025/03/04", "2025-03-04"), ("2025.03.04", "2025-03-04"), ("2024-02-29", "2024-02-29"),
    ])
    func readsDates(text: String, day: String) throws {
        let received = try #require(try ReceivedDate(parsing: text))
        #expect(received.day.iso == day)
        #expect(!received.hasTime)
        #expect(received.description == day)
    }

    @Test(arguments: [
        ("2025-03-04T10:20:30Z", "2025-03-04T10:20:30.000Z"), ("2025-03-04T10:20:30z", "2025-03-04T10:20:30.000Z"),
        ("2025-03-04t10:20Z", "2025-03-04T10:20:00.000Z"), ("2025-03-04 10:20:30", "2025-03-04T10:20:30.000Z"),
        ("2025-03-04T10:20:30", "2025-03-04T10:20:30.000Z"), ("2025-03-04 10:20", "2025-03-04T10:20:00.000Z"),
        ("2025-03-04T10:20:30.5Z", "2025-03-04T10:20:30.500Z"),
        ("2025-03-04T10:20:30.123456789Z", "2025-03-04T10:20:30.123Z"),
        ("2025-03-04T10:20:30,25Z", "2025-03-04T10:20:30.250Z"),
        ("2025-03-04T10:20:30+02:00", "2025-03-04T08:20:30.000Z"),
        ("2025-03-04T10:20:30-05:30", "2025-03-04T15:50:30.000Z"),
        ("2025-03-04T10:20+0200", "2025-03-04T08:20:00.000Z"),
        ("2025-03-04T10:20+02", "2025-03-04T08:20:00.000Z"), ("2025-03-04 10:20:30 +02:00", "2025-03-04T08:20:30.000Z"),
        ("2025-03-04 10:20:30 UTC", "2025-03-04T10:20:30.000Z"), ("2025-03-04 9:05", "2025-03-04T09:05:00.000Z"),
        ("2025-03-04 9:05 PM", "2025-03-04T21:05:00.000Z"), ("2025-03-04 12:05 am", "2025-03-04T00:05:00.000Z"),
        ("2025-03-04 12:05:10 PM", "2025-03-04T12:05:10.000Z"), ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999Z"),
    ])
    func readsDateTimes(text: String, utc: String) throws {
        let received = try #require(try ReceivedDate(parsing: text))
        #expect(received.hasTime)
        #expect(received.description == utc)
    }

    /// The day that counts is the UTC day of the moment.
    @Test(arguments: [
        ("2025-03-01T01:00+02:00", "2025-02-28"), ("2025-03-01T02:00+02:00", "2025-03-01"),
        ("2025-02-28T23:30-01:00", "2025-03-01"), ("2025-01-01T00:00:00+14:00", "2024-12-31"),
        ("1970-01-01T00:30+01:00", "1969-12-31"),
    ])
    func reducesDateTimesToTheirUTCDay(text: String, day: String) throws {
        #expect(try #require(try ReceivedDate(parsing: text)).day.iso == day)
    }

    @Test func readsMomentsAsDates() throws {
        let received = try #require(try ReceivedDate(parsing: "1970-01-02T00:00:01.5Z"))
        #expect(received.millisecondsSinceEpoch == 86_401_500)
        #expect(received.date == Date(timeIntervalSince1970: 86_401.5))
        #expect(try #require(try ReceivedDate(parsing: "1970-01-02")).date == Date(timeIntervalSince1970: 86_400))
    }

    @Test(arguments: ["", "   ", "\t"])
    func emptyCellsHaveNoDate(text: String) throws {
        #expect(try ReceivedDate(parsing: text) == nil)
        #expect(try ReceivedDate(parsing: text, format: .dayMonthYear) == nil)
    }

    @Test(arguments: ["03/04/2025", "3/4/2025", "03.04.2025", "03-04-2025", "13/04/2025", "03/04/2025 10:20"])
    func refusesYearLastDatesWithoutAFormat(text: String) {
        #expect(throws: ReceivedDate.ParseError.ambiguous(text)) { try ReceivedDate(parsing: text) }
        #expect(ReceivedDate.ParseError.ambiguous(text).isAmbiguous)
    }

    @Test func readsYearLastDatesBothWaysWithAFormat() throws {
        #expect(try ReceivedDate(parsing: "03/04/2025", format: .monthDayYear)?.day.iso == "2025-03-04")
        #expect(try ReceivedDate(parsing: "03/04/2025", format: .dayMonthYear)?.day.iso == "2025-04-03")
        #expect(try ReceivedDate(parsing: "03.04.2025", format: .dayMonthYear)?.day.iso == "2025-04-03")
        #expect(
            try ReceivedDate(parsing: "3/4/2025 9:05 PM", format: .monthDayYear)?.description
                == "2025-03-04T21:05:00.000Z")
        #expect(
            try ReceivedDate(parsing: "04.03.2025 23:30:00", format: .dayMonthYear)?.description
                == "2025-03-04T23:30:00.000Z")
        // Year-first dates read the same under every format.
        for format in ReceivedDateFormat.allCases {
            #expect(try ReceivedDate(parsing: "2025-03-04", format: format)?.day.iso == "2025-03-04")
        }
    }

    @Test func refusesYearLastDatesUnderTheISOFormat() {
        #expect(throws: ReceivedDate.ParseError.mismatchedFormat("03/04/2025", expected: .yearMonthDay)) {
            try ReceivedDate(parsing: "03/04/2025", format: .yearMonthDay)
        }
    }

    @Test(arguments: [
        ("13/04/2025", ReceivedDateFormat.monthDayYear), ("04/31/2025", .monthDayYear), ("31/04/2025", .dayMonthYear),
        ("29.02.2025", .dayMonthYear), ("00/01/2025", .dayMonthYear),
    ])
    func refusesDaysTheCalendarLacksInTheGivenOrder(text: String, format: ReceivedDateFormat) {
        let error = ReceivedDate.ParseError.noSuchDay(text, readAs: format)
        #expect(throws: error) { try ReceivedDate(parsing: text, format: format) }
        #expect(!error.isAmbiguous)
        #expect(error.description.contains(format.rawValue))
    }

    @Test(arguments: ["2025-02-29", "2025-02-30", "2024-02-30", "2025-04-31", "2025-13-01", "2025-00-10", "0000-01-01"])
    func refusesDaysTheCalendarLacks(text: String) {
        #expect(throws: ReceivedDate.ParseError.noSuchDay(text, readAs: .yearMonthDay)) {
            try ReceivedDate(parsing: text)
        }
    }

    @Test(arguments: ["03/04/25", "3.4.25", "25-03-04"])
    func refusesTwoDigitYears(text: String) {
        for format in [nil, ReceivedDateFormat.dayMonthYear, .monthDayYear] {
            #expect(throws: ReceivedDate.ParseError.twoDigitYear(text)) {
                try ReceivedDate(parsing: text, format: format)
            }
        }
    }

    @Test(arguments: [
        "yesterday", "2025", "2025-03", "20250304", "2025-03-04x", "2025-03/04", "2025--03-04", "2025-003-04",
        "02025-03-04", "-2025-03-04", "2025-03-04-", "March 4, 2025", "1/2/3",
    ])
    func refusesOtherText(text: String) {
        #expect(throws: ReceivedDate.ParseError.unrecognised(text)) { try ReceivedDate(parsing: text) }
    }

    @Test(arguments: [
        "2025-03-04T", "2025-03-04T25:00", "2025-03-04T24:00", "2025-03-04T10:60", "2025-03-04T10:7",
        "2025-03-04T10", "2025-03-04T10:20:3", "2025-03-04T10:20:61", "2025-03-04T10:20:30.Z", "2025-03-04T10:20+2:00",
        "2025-03-04T10:20+02:0", "2025-03-04T10:20+24:00", "2025-03-04T10:20+02:60", "2025-03-04T10:20Zjunk",
        "2025-03-04T10:20 CET", "2025-03-04 13:00 PM", "2025-03-04 0:30 AM", "2025-03-04T10:20+02:",
    ])
    func refusesUnreadableTimes(text: String) {
        #expect(throws: ReceivedDate.ParseError.invalidTime(text)) { try ReceivedDate(parsing: text) }
    }

    /// The machine's time zone never enters: the same text is the same moment under any `TZ`.
    @Test func ignoresTheMachineTimeZone() throws {
        let received = try #require(try ReceivedDate(parsing: "2025-03-04 00:30"))
        #expect(received.day.iso == "2025-03-04")
        #expect(received.millisecondsSinceEpoch == Int64(20_151) * 86_400_000 + 1_800_000)
    }

    @Test func messagesSayWhatToDoWithoutNamingFlags() {
        let ambiguous = ReceivedDate.ParseError.ambiguous("03/04/2025").description
        #expect(ambiguous.contains("give the date format"))
        #expect(ambiguous.contains("DD/MM/YYYY") && ambiguous.contains("MM/DD/YYYY"))
        let errors: [ReceivedDate.ParseError] = [
            .ambiguous("x"), .unrecognised("x"), .twoDigitYear("x"), .noSuchDay("x", readAs: .dayMonthYear),
            .mismatchedFormat("x", expected: .yearMonthDay), .invalidTime("x"),
        ]
        for error in errors {
            #expect(!error.description.contains("--"))
            #expect(error.description.contains(":"))
        }
        #expect(errors.filter(\.isAmbiguous).count == 1)
    }

    @Test func neverQuotesAnEmail() {
        #expect(throws: ReceivedDate.ParseError.unrecognised("(a value with an @, not repeated here)")) {
            try ReceivedDate(parsing: "shopper@example.com")
        }
    }

    @Test(arguments: [
        ("YYYY-MM-DD", ReceivedDateFormat.yearMonthDay), ("yyyy/mm/dd", .yearMonthDay), ("MM/DD/YYYY", .monthDayYear),
        ("mm-dd-yyyy", .monthDayYear), ("DD/MM/YYYY", .dayMonthYear), ("DD.MM.YYYY", .dayMonthYear),
        (" dd.mm.yyyy HH:mm ", .dayMonthYear), ("MM/DD/YYYY HH:mm:ss", .monthDayYear),
        ("YYYY-MM-DDTHH:mm:ss", .yearMonthDay),
    ])
    func parsesFormatNames(text: String, expected: ReceivedDateFormat) throws {
        #expect(try ReceivedDateFormat(parsing: text) == expected)
    }

    @Test(arguments: ["", "ISO", "DD/MM/YY", "YYYY-DD-MM", "MM/DD/YYYY hh", "D/M/YYYY"])
    func refusesOtherFormatNames(text: String) {
        #expect(throws: ReceivedDateFormat.ParseError(text: text)) { try ReceivedDateFormat(parsing: text) }
        #expect(ReceivedDateFormat.ParseError(text: text).description.contains("DD.MM.YYYY"))
    }
}

extension ReceivedDateTests {
    /// What `description` writes (and so what a ledger stores) reads back as the same receipt.
    @Test(arguments: ["2025-03-04", "2025-03-01T01:00+02:00", "1969-12-31T23:59:59.999Z", "2025-03-04 9:05 PM"])
    func descriptionsReadBack(text: String) throws {
        let received = try #require(try ReceivedDate(parsing: text))
        #expect(try ReceivedDate(parsing: received.description) == received)
    }
}

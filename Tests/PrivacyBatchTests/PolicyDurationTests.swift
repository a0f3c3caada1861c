import Foundation
import Testing

@testable import PrivacyBatchCore

@Suite struct PolicyDurationTests {
    @Test(arguments: [
        ("30s", Int64(30)), ("15m", 900), ("90m", 5400), ("12h", 43_200), ("7d", 604_800), ("0d", 0), ("0s", 0),
        (" 7d ", 604_800), ("7 d", 604_800), ("7D", 604_800), ("12H", 43_200), ("007d", 604_800),
        ("36500d", 3_153_600_000),
    ])
    func parsesDurations(text: String, seconds: Int64) throws {
        let duration = try PolicyDuration(parsing: text)
        #expect(duration.wholeSeconds == seconds)
        #expect(duration.seconds == TimeInterval(seconds))
        #expect(duration.duration == .seconds(seconds))
    }

    @Test(arguments: [
        ("", PolicyDuration.ParseError.empty), ("  ", .empty), ("30", .missingUnit("30")), ("30 ", .missingUnit("30 ")),
        ("-1d", .negative("-1d")), ("-0s", .negative("-0s")), ("1.5h", .notWhole("1.5h")), ("d", .notANumber("d")),
        ("+7d", .notANumber("+7d")), ("7w", .unknownUnit("7w")), ("7days", .unknownUnit("7days")),
        ("7ms", .unknownUnit("7ms")), ("7d3h", .unknownUnit("7d3h")), ("36501d", .tooLong("36501d")),
        ("99999999999999999999999s", .tooLong("99999999999999999999999s")),
    ])
    func refusesOtherText(text: String, expected: PolicyDuration.ParseError) {
        #expect(throws: expected) { try PolicyDuration(parsing: text) }
    }

    @Test(arguments: [
        (Int64(604_800), "7d"), (129_600, "36h"), (5400, "90m"), (45, "45s"), (0, "0d"), (86_401, "86401s"),
        (3600, "1h"),
    ])
    func describesInTheLargestEvenUnit(seconds: Int64, text: String) throws {
        let duration = PolicyDuration(wholeSeconds: seconds)
        #expect(duration.description == text)
        #expect(try PolicyDuration(parsing: text) == duration)
    }

    @Test func makesDurationsFromNumbers() throws {
        #expect(PolicyDuration(seconds: 7 * 86_400).description == "7d")
        #expect(PolicyDuration(seconds: 1.4).wholeSeconds == 1)
        #expect(PolicyDuration(seconds: -5) == .zero)
        #expect(PolicyDuration(seconds: .infinity) == .zero)
        #expect(PolicyDuration(seconds: 1e300) == .maximum)
        #expect(PolicyDuration(wholeSeconds: -1) == .zero)
        #expect(PolicyDuration.days(2) == .hours(48))
        #expect(PolicyDuration.minutes(1) == .seconds(60))
        #expect(PolicyDuration.hours(1) < .days(1))
        let data = try JSONEncoder().encode([PolicyDuration.days(90)])
        #expect(String(decoding: data, as: UTF8.self) == #"["90d"]"#)
        #expect(try JSONDecoder().decode([PolicyDuration].self, from: data) == [.days(90)])
    }

    @Test func messagesSayHowToWriteIt() {
        #expect(PolicyDuration.ParseError.missingUnit("30").description.contains("30s, 30m, 30h or 30d"))
        #expect(PolicyDuration.ParseError.negative("-1d").description.contains("negative"))
        #expect(PolicyDuration.ParseError.tooLong("x").description.contains("36500d"))
        #expect(!PolicyDuration.ParseError.unknownUnit("7w").description.contains("--"))
    }
}

import Foundation

/// A non-negative length of time given with its unit, as policy flags take it: `30s`, `15m`, `12h`, `7d`,
/// `0d` (at once).
///
/// Whole seconds only: the flags it serves count hours and days, and whole numbers keep `description`
/// exact, so a parsed duration prints as it was given (in the largest unit that divides it evenly).
public struct PolicyDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in whole seconds, never negative.
    public let wholeSeconds: Int64

    /// The units, largest first: suffix and seconds.
    static let units: [(suffix: UInt8, seconds: Int64)] = [
        (UInt8(ascii: "d"), 86_400), (UInt8(ascii: "h"), 3600), (UInt8(ascii: "m"), 60), (UInt8(ascii: "s"), 1),
    ]

    /// The longest duration accepted: 100 years of days.
    public static let maximum = PolicyDuration(wholeSeconds: 36_500 * 86_400)

    /// No time at all.
    public static let zero = PolicyDuration(wholeSeconds: 0)

    /// A duration of `wholeSeconds` seconds; a negative count is taken as zero.
    public init(wholeSeconds: Int64) {
        self.wholeSeconds = max(0, wholeSeconds)
    }

    /// A duration of `seconds` rounded to the nearest whole second; negative or non-finite values are taken
    /// as zero, values beyond `maximum` as `maximum`.
    public init(seconds: TimeInterval) {
        guard seconds.isFinite, seconds > 0 else {
            self.init(wholeSeconds: 0)
            return
        }
        self.init(wholeSeconds: Int64(min(seconds.rounded(), Double(Self.maximum.wholeSeconds))))
    }

    /// `count` days.
    public static func days(_ count: Int64) -> PolicyDuration { PolicyDuration(wholeSeconds: count * 86_400) }
    /// `count` hours.
    public static func hours(_ count: Int64) -> PolicyDuration { PolicyDuration(wholeSeconds: count * 3600) }
    /// `count` minutes.
    public static func minutes(_ count: Int64) -> PolicyDuration { PolicyDuration(wholeSeconds: count * 60) }
    /// `count` seconds.
    public static func seconds(_ count: Int64) -> PolicyDuration { PolicyDuration(wholeSeconds: count) }

    /// Reads a whole number followed by its unit: `s` (seconds), `m` (minutes), `h` (hours) or `d` (days),
    /// in any case, with spaces allowed around and between them: `30s`, `15m`, `12h`, `7d`, `0d`.
    ///
    /// Refuses a number without a unit (`30`: which unit?), a negative or fractional number, another unit
    /// and anything longer than `maximum`.
    public init(parsing text: String) throws(ParseError) {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { throw .empty }
        if bytes[start] == UInt8(ascii: "-") { throw .negative(text) }
        var index = start
        var count: Int64 = 0
        while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
            // Past `maximum` in any unit: stop before the number overflows.
            if count <= Self.maximum.wholeSeconds {
                count = count * 10 + Int64(bytes[index] &- UInt8(ascii: "0"))
            }
            index += 1
        }
        guard index > start else { throw .notANumber(text) }
        if index < end, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            throw .notWhole(text)
        }
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < end else { throw .missingUnit(text) }
        guard index + 1 == end,
            let unit = Self.units.first(where: { $0.suffix == ASCII.lowercased(bytes[index]) })
        else { throw .unknownUnit(text) }
        guard count <= Self.maximum.wholeSeconds / unit.seconds else { throw .tooLong(text) }
        self.init(wholeSeconds: count * unit.seconds)
    }

    /// The length in seconds.
    public var seconds: TimeInterval { TimeInterval(wholeSeconds) }

    /// The length as a `Swift.Duration`, for clocks and sleeping.
    public var duration: Duration { .seconds(wholeSeconds) }

    /// The duration in the largest unit that divides it evenly: `7d`, `36h`, `90m`, `45s`; zero is `0d`.
    /// `init(parsing:)` reads it back to the same duration.
    public var description: String {
        for unit in Self.units where wholeSeconds % unit.seconds == 0 {
            return "\(wholeSeconds / unit.seconds)\(Character(Unicode.Scalar(unit.suffix)))"
        }
        return "\(wholeSeconds)s"
    }

    /// Orders durations by length.
    public static func < (lhs: PolicyDuration, rhs: PolicyDuration) -> Bool {
        lhs.wholeSeconds < rhs.wholeSeconds
    }

    /// A duration that cannot be read.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Nothing was given.
        case empty
        /// A number without a unit, such as `30`.
        case missingUnit(String)
        /// A unit other than s, m, h or d, or text after the unit.
        case unknownUnit(String)
        /// A negative number.
        case negative(String)
        /// A fractional number, such as `1.5h`.
        case notWhole(String)
        /// No number before the unit.
        case notANumber(String)
        /// More than `PolicyDuration.maximum`.
        case tooLong(String)

        /// What is wrong and how to write the duration instead.
        public var description: String {
            let units = "s (seconds), m (minutes), h (hours) or d (days)"
            switch self {
            case .empty:
                return "no duration given: give a whole number and a unit, such as 7d or 12h"
            case .missingUnit(let text):
                let number = text.trimmingCharacters(in: .whitespaces)
                return "duration \"\(text)\" has no unit: write \(number)s, \(number)m, \(number)h or \(number)d"
            case .unknownUnit(let text):
                return "duration \"\(text)\" has an unknown unit: use \(units), such as 7d"
            case .negative(let text):
                return "duration \"\(text)\" is negative: give zero or more, such as 0d or 7d"
            case .notWhole(let text):
                return "duration \"\(text)\" is not a whole number: use a smaller unit, such as 90m for 1.5h"
            case .notANumber(let text):
                return "duration \"\(text)\" does not start with a number: give a whole number and \(units),"
                    + " such as 7d"
            case .tooLong(let text):
                return "duration \"\(text)\" is too long: give at most \(PolicyDuration.maximum)"
            }
        }
    }
}

extension PolicyDuration: Codable {
    /// Reads a duration stored as its `description` (`7d`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try PolicyDuration(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Stores the duration as its `description`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// How long the law gives to answer a privacy request, counted from the UTC day it was received.
public enum DeadlineRule: Sendable, Hashable, CustomStringConvertible {
    /// GDPR: one calendar month. Due on the same day number in the next month, or on that month's last day
    /// when it has no such day (received 31 January, due 28 February, or 29 in a leap year).
    case gdpr
    /// CCPA: 45 calendar days.
    case ccpa
    /// A number of calendar days (1...`maximumDays`), e.g. from a contract or another law.
    case days(Int)

    /// The days of `ccpa`.
    public static let ccpaDays = 45
    /// The most days `days(_:)` takes when parsed: ten years.
    public static let maximumDays = 3650

    /// Reads `gdpr`, `ccpa` (in any case) or a number of days `N` (also written `Nd`), 1...`maximumDays`,
    /// with surrounding spaces ignored.
    public init(parsing text: String) throws(ParseError) {
        var value = Substring(text.lowercased())
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        switch value {
        case "gdpr":
            self = .gdpr
        case "ccpa":
            self = .ccpa
        default:
            if value.last == "d" { value.removeLast() }
            let negative = value.first == "-"
            if negative { value.removeFirst() }
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
                throw .unknown(text)
            }
            guard !negative, value.count <= 9, let days = Int(value), days >= 1, days <= Self.maximumDays else {
                throw .daysOutOfRange(text)
            }
            self = .days(days)
        }
    }

    /// The last day on which a request received on `received` is in time (that whole day, in UTC, counts).
    public func dueDay(receivedOn received: CalendarDay) -> CalendarDay {
        switch self {
        case .gdpr: received.adding(months: 1)
        case .ccpa: received.adding(days: Self.ccpaDays)
        case .days(let count): received.adding(days: count)
        }
    }

    /// The due day of a request received at `received`: its UTC day is what counts.
    public func dueDay(for received: ReceivedDate) -> CalendarDay {
        dueDay(receivedOn: received.day)
    }

    /// The rule as `init(parsing:)` reads it: `gdpr`, `ccpa` or the number of days, for storing it.
    public var argument: String {
        switch self {
        case .gdpr: "gdpr"
        case .ccpa: "ccpa"
        case .days(let count): String(count)
        }
    }

    /// The rule for people: `GDPR (one calendar month)`, `CCPA (45 days)`, `30 days`.
    public var description: String {
        switch self {
        case .gdpr: "GDPR (one calendar month)"
        case .ccpa: "CCPA (\(Self.ccpaDays) days)"
        case .days(1): "1 day"
        case .days(let count): "\(count) days"
        }
    }

    /// A deadline rule that cannot be read.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Neither a law's name nor a number of days.
        case unknown(String)
        /// A number of days below 1 or above `DeadlineRule.maximumDays`.
        case daysOutOfRange(String)

        /// What is wrong and what to give instead.
        public var description: String {
            switch self {
            case .unknown(let text):
                "\"\(text)\" is not a deadline rule: give gdpr (one calendar month), ccpa (45 days)"
                    + " or a number of days such as 30"
            case .daysOutOfRange(let text):
                "\"\(text)\" is not a usable number of days for a deadline: give a whole number from 1 to"
                    + " \(DeadlineRule.maximumDays)"
            }
        }
    }
}

extension DeadlineRule: Codable {
    /// Reads a rule stored as its `argument`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try DeadlineRule(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Stores the rule as its `argument`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(argument)
    }
}

import Foundation

/// When a shopper's request was received, as read from a `received_at` cell.
///
/// Accepted spellings, with surrounding spaces and tabs ignored:
/// - year-first dates under every format: `2025-03-04`, `2025/03/04`, `2025.03.04` (one- or two-digit month
///   and day);
/// - year-last dates (`03/04/2025`, `3.4.2025`, `03-04-2025`) only when the format says the order
///   (`ReceivedDateFormat.monthDayYear` or `.dayMonthYear`); without one they are ambiguous;
/// - any date followed by `T` or spaces and a time: `HH:mm`, `HH:mm:ss`, fractional seconds (`.123`), an
///   optional `AM`/`PM`, and an optional zone: `Z`, `UTC`, `GMT`, `+02:00`, `+0200`, `+02`, `-05:00`.
///   A time without a zone is taken as UTC.
///
/// Years have four digits (1...9999); two-digit years are refused rather than guessed. The fields are read
/// by hand from the UTF-8 bytes and checked against the Gregorian calendar, in UTC, whatever the machine's
/// locale and time zone: this runs once per row.
public struct ReceivedDate: Sendable, Hashable, CustomStringConvertible {
    /// The UTC calendar day of the receipt: a date-time is reduced to its day in UTC
    /// (`2025-03-01T01:00+02:00` is 2025-02-28).
    public let day: CalendarDay
    /// The moment of receipt in milliseconds since 1970-01-01T00:00:00Z when the cell gave a time, else nil.
    public let millisecondsSinceEpoch: Int64?

    /// A receipt known only by its day.
    public init(day: CalendarDay) {
        self.day = day
        millisecondsSinceEpoch = nil
    }

    /// A receipt at a moment; its day is the UTC day containing it.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
        let days =
            millisecondsSinceEpoch >= 0
            ? millisecondsSinceEpoch / 86_400_000 : (millisecondsSinceEpoch - 86_399_999) / 86_400_000
        day = CalendarDay(daysSinceEpoch: Int(days))
    }

    /// Reads a `received_at` cell; nil when it is empty or only spaces (no date for the row).
    ///
    /// - Parameter format: the order of year-last dates; nil when the user gave none, which makes them
    ///   ambiguous (`ParseError.ambiguous`).
    public init?(parsing text: String, format: ReceivedDateFormat? = nil) throws(ParseError) {
        let bytes = ContiguousArray(text.utf8)
        guard let parsed = try Self.parse(bytes.span, format: format) else { return nil }
        self = parsed
    }

    /// Whether the cell gave a time of day, not just a date.
    public var hasTime: Bool { millisecondsSinceEpoch != nil }

    /// The moment of receipt, or the start of its day (midnight UTC) when the cell gave only a date.
    public var date: Date {
        guard let milliseconds = millisecondsSinceEpoch else { return day.start }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `YYYY-MM-DD` for a date, `YYYY-MM-DDTHH:mm:ss.SSSZ` in UTC for a date-time (as `Timestamp` writes).
    public var description: String {
        guard let milliseconds = millisecondsSinceEpoch else { return day.iso }
        let inDay = Int(milliseconds - Int64(day.daysSinceEpoch) * 86_400_000)
        var bytes = Array(day.iso.utf8)
        bytes.append(UInt8(ascii: "T"))
        CalendarDay.appendDigits(inDay / 3_600_000, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CalendarDay.appendDigits(inDay / 60_000 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CalendarDay.appendDigits(inDay / 1000 % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        CalendarDay.appendDigits(inDay % 1000, width: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Why a non-empty `received_at` cell gives no date.
    ///
    /// `ambiguous` is about the whole file (the user must say how its dates are written) and stops the run;
    /// every other case makes only its row invalid.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A year-last date (`03/04/2025`) and no format to say whether the day or the month comes first.
        case ambiguous(String)
        /// Not a date in any accepted shape.
        case unrecognised(String)
        /// A two-digit year (`03/04/25`), which is not guessed.
        case twoDigitYear(String)
        /// A date the calendar does not have (`2025-02-30`, month 13) when read in the given order.
        case noSuchDay(String, readAs: ReceivedDateFormat)
        /// A year-last date when the format is year-first.
        case mismatchedFormat(String, expected: ReceivedDateFormat)
        /// A date followed by a time or zone that cannot be read (`25:00`, `10:7`, `+2:00`).
        case invalidTime(String)

        /// Whether the error is about the file's date format (stop and ask for it) rather than this row.
        public var isAmbiguous: Bool {
            if case .ambiguous = self { return true }
            return false
        }

        /// What is wrong with the value and how to fix it.
        public var description: String {
            switch self {
            case .ambiguous(let value):
                "received date \"\(value)\" could be day/month/year or month/day/year: give the date format"
                    + " (DD/MM/YYYY or MM/DD/YYYY), or write the dates as YYYY-MM-DD"
            case .unrecognised(let value):
                "received date \"\(value)\" is not a date: write it as YYYY-MM-DD, optionally followed by a time"
                    + " such as T10:20:30Z"
            case .twoDigitYear(let value):
                "received date \"\(value)\" has a two-digit year: write the year with four digits"
            case .noSuchDay(let value, let format):
                "received date \"\(value)\" read as \(format) is not a day of the calendar: check the day and month"
                    + (format == .yearMonthDay ? "" : ", or the date format")
            case .mismatchedFormat(let value, let expected):
                "received date \"\(value)\" does not match the date format \(expected): write it as YYYY-MM-DD"
                    + " or give the format the file uses"
            case .invalidTime(let value):
                "received date \"\(value)\" has a time that cannot be read: write it as HH:mm or HH:mm:ss"
                    + " (24-hour, or with AM/PM), optionally followed by Z or an offset such as +02:00"
            }
        }
    }
}

extension ReceivedDate {
    /// Reads a cell's UTF-8 bytes without building a `String`; nil for an empty cell.
    package static func parse(_ cell: Span<UInt8>, format: ReceivedDateFormat?) throws(ParseError) -> ReceivedDate? {
        let trimmed = ASCII.trimmedRange(cell)
        guard !trimmed.isEmpty else { return nil }
        let bytes = cell.extracting(trimmed)
        let end = bytes.count
        var index = 0

        // The date: three digit fields with one separator, year first or last.
        let first = digits(bytes, &index, limit: 5)
        guard index < end else { throw .unrecognised(excerpt(bytes)) }
        let separator = bytes[index]
        guard separator == dash || separator == slash || separator == dot else {
            throw .unrecognised(excerpt(bytes))
        }
        index += 1
        let second = digits(bytes, &index, limit: 3)
        guard second.count >= 1, second.count <= 2, index < end, bytes[index] == separator else {
            throw .unrecognised(excerpt(bytes))
        }
        index += 1
        let third = digits(bytes, &index, limit: 5)
        let year: Int
        let month: Int
        let dayOfMonth: Int
        let reading: ReceivedDateFormat
        switch (first.count, third.count) {
        case (4, 1...2):
            (year, month, dayOfMonth, reading) = (first.value, second.value, third.value, .yearMonthDay)
        case (1...2, 4):
            switch format {
            case nil: throw .ambiguous(excerpt(bytes))
            case .yearMonthDay: throw .mismatchedFormat(excerpt(bytes), expected: .yearMonthDay)
            case .monthDayYear: (year, month, dayOfMonth) = (third.value, first.value, second.value)
            case .dayMonthYear: (year, month, dayOfMonth) = (third.value, second.value, first.value)
            }
            reading = format ?? .yearMonthDay
        case (1...2, 2):
            throw .twoDigitYear(excerpt(bytes))
        default:
            throw .unrecognised(excerpt(bytes))
        }
        guard let day = CalendarDay(year: year, month: month, day: dayOfMonth) else {
            throw .noSuchDay(excerpt(bytes), readAs: reading)
        }
        guard index < end else { return ReceivedDate(day: day) }

        // The time, after `T` or spaces.
        if bytes[index] | 0x20 == UInt8(ascii: "t") {
            index += 1
        } else if bytes[index] == ASCII.space {
            skipSpaces(bytes, &index)
        } else {
            throw .unrecognised(excerpt(bytes))
        }
        guard let milliseconds = timeOfDay(bytes, &index) else { throw .invalidTime(excerpt(bytes)) }
        let moment = Int64(day.daysSinceEpoch) * 86_400_000 + Int64(milliseconds)
        return ReceivedDate(millisecondsSinceEpoch: moment)
    }

    /// The milliseconds from midnight UTC of the date to the time from `index` to the end (which may be
    /// negative or past a day with an offset), or nil when it cannot be read.
    private static func timeOfDay(_ bytes: Span<UInt8>, _ index: inout Int) -> Int? {
        let end = bytes.count
        var hour = digits(bytes, &index, limit: 3)
        guard hour.count >= 1, hour.count <= 2, index < end, bytes[index] == colon else { return nil }
        index += 1
        let minute = digits(bytes, &index, limit: 3)
        guard minute.count == 2, minute.value <= 59 else { return nil }
        var second = 0
        var millisecond = 0
        if index < end, bytes[index] == colon {
            index += 1
            let seconds = digits(bytes, &index, limit: 3)
            guard seconds.count == 2, seconds.value <= 60 else { return nil }
            // A leap second stays in its minute.
            (second, millisecond) = seconds.value == 60 ? (59, 999) : (seconds.value, 0)
            if index < end, bytes[index] == dot || bytes[index] == comma {
                index += 1
                let start = index
                var scale = seconds.value < 60 ? 100 : 0
                while index < end, bytes[index] &- UInt8(ascii: "0") < 10 {
                    millisecond += Int(bytes[index] &- UInt8(ascii: "0")) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
        }
        skipSpaces(bytes, &index)
        // AM/PM.
        if index + 1 < end, bytes[index + 1] | 0x20 == UInt8(ascii: "m"),
            bytes[index] | 0x20 == UInt8(ascii: "a") || bytes[index] | 0x20 == UInt8(ascii: "p")
        {
            guard (1...12).contains(hour.value) else { return nil }
            let afternoon = bytes[index] | 0x20 == UInt8(ascii: "p")
            hour.value = hour.value % 12 + (afternoon ? 12 : 0)
            index += 2
            skipSpaces(bytes, &index)
        }
        guard hour.value <= 23 else { return nil }
        // The zone; none is UTC.
        var offsetMinutes = 0
        if index < end {
            let byte = bytes[index]
            if byte | 0x20 == UInt8(ascii: "z") {
                index += 1
            } else if index + 3 == end,
                ASCII.equalsIgnoringCase(bytes.extracting(index..<end), "utc")
                    || ASCII.equalsIgnoringCase(bytes.extracting(index..<end), "gmt")
            {
                index = end
            } else if byte == plus || byte == dash {
                index += 1
                let hours = digits(bytes, &index, limit: 2)
                guard hours.count == 2 else { return nil }
                var minutes = 0
                if index < end, bytes[index] == colon {
                    index += 1
                    let afterColon = digits(bytes, &index, limit: 3)
                    guard afterColon.count == 2 else { return nil }
                    minutes = afterColon.value
                } else {
                    let joined = digits(bytes, &index, limit: 3)
                    guard joined.count == 0 || joined.count == 2 else { return nil }
                    minutes = joined.value
                }
                guard hours.value <= 23, minutes <= 59 else { return nil }
                offsetMinutes = (hours.value * 60 + minutes) * (byte == plus ? 1 : -1)
            } else {
                return nil
            }
        }
        guard index == end else { return nil }
        return ((hour.value * 60 + minute.value - offsetMinutes) * 60 + second) * 1000 + millisecond
    }

    /// Reads up to `limit` decimal digits from `index`; `count` is how many were read.
    @inline(__always)
    private static func digits(_ bytes: Span<UInt8>, _ index: inout Int, limit: Int) -> (value: Int, count: Int) {
        var value = 0
        var count = 0
        while index < bytes.count, count < limit {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value * 10 + Int(digit)
            count += 1
            index += 1
        }
        return (value, count)
    }

    @inline(__always)
    private static func skipSpaces(_ bytes: Span<UInt8>, _ index: inout Int) {
        while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab { index += 1 }
    }

    /// The value for a message (never an email: see `ASCII.excerpt`).
    private static func excerpt(_ bytes: Span<UInt8>) -> String {
        ASCII.excerpt(bytes)
    }

    private static let dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
    private static let colon = UInt8(ascii: ":")
    private static let comma = UInt8(ascii: ",")
    private static let plus = UInt8(ascii: "+")
}

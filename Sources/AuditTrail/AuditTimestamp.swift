import Foundation
import PrivacyBatchCore

/// The `at` spelling, `YYYY-MM-DDTHH:MM:SS.mmmZ`, converted with plain calendar arithmetic.
///
/// `ISO8601DateFormatter` is neither `Sendable` nor fast enough to parse a million lines, and the format is
/// fixed to UTC with exactly three fraction digits, so the proleptic Gregorian day arithmetic is all it takes.
enum AuditTimestamp {
    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (days, millisecondOfDay) = floorDivide(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let second = millisecondOfDay / 1000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(second / 3600, 2) + ":"
            + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2) + "." + pad(millisecondOfDay % 1000, 3) + "Z"
    }

    /// The instant `text` names, or `nil` if it is not exactly in the log's format with valid ranges.
    static func parse(_ text: String) -> Date? {
        // One pass over the UTF-8 without copying it: this runs for every line a verifier reads.
        var fields: [Int64] = [0, 0, 0, 0, 0, 0, 0]
        var count = 0
        for (position, byte) in text.utf8.enumerated() {
            count += 1
            guard position < 24 else { return nil }
            let separator: UInt8? =
                switch position {
                case 4, 7: UInt8(ascii: "-")
                case 10: UInt8(ascii: "T")
                case 13, 16: UInt8(ascii: ":")
                case 19: UInt8(ascii: ".")
                case 23: UInt8(ascii: "Z")
                default: nil
                }
            if let separator {
                guard byte == separator else { return nil }
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let field = position < 4 ? 0 : position < 7 ? 1 : position < 10 ? 2 : (position - 11) / 3 + 3
            fields[field] = fields[field] * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        let (year, month, day, hour, minute, second, millisecond) =
            (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6])
        guard count == 24, (1...12).contains(month), hour < 24, minute < 60, second < 60 else { return nil }
        let days = days(fromYear: year, month: month, day: day)
        // A day past the month's end would silently roll over; refusing it keeps one spelling per instant.
        guard day >= 1, civil(fromDays: days) == (year, month, day) else { return nil }
        let total = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Date(timeIntervalSince1970: Double(total) + Double(millisecond) / 1000)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // The project's one proleptic Gregorian calendar (Howard Hinnant's algorithms), in `CalendarDay`.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let (year, month, day) = CalendarDay.civilFromDays(Int(days))
        return (Int64(year), Int64(month), Int64(day))
    }

    private static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CalendarDay.daysFromCivil(year: Int(year), month: Int(month), day: Int(day)))
    }
}

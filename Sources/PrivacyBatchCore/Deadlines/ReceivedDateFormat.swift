/// The order of the day, month and year in a received date, as the user names it.
///
/// Year-first dates (`2025-03-04`, `2025/03/04`, `2025.03.04`) are unambiguous and read under every format;
/// the format decides how year-last dates such as `03/04/2025` are read, whichever of `/`, `.` or `-`
/// separates their fields. A time may follow the date under every format.
public enum ReceivedDateFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Year, month, day: ISO 8601, the default. Year-last dates are refused as not matching.
    case yearMonthDay = "YYYY-MM-DD"
    /// Month, day, year, as in the United States: `03/04/2025` is March 4.
    case monthDayYear = "MM/DD/YYYY"
    /// Day, month, year, as in most of Europe: `03/04/2025` and `03.04.2025` are 3 April.
    case dayMonthYear = "DD/MM/YYYY"

    /// The format names accepted by `init(parsing:)`, for help texts.
    public static let acceptedNames = ["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYY/MM/DD"]

    /// Reads a format name, ignoring case and surrounding spaces.
    ///
    /// The fields may be separated by `-`, `/` or `.` (`DD.MM.YYYY` is `DD/MM/YYYY`), and a time pattern may
    /// follow (` HH:mm`, ` HH:mm:ss`, `THH:mm:ss`): times are optional under every format anyway.
    public init(parsing text: String) throws(ParseError) {
        var name = text.trimmingSpaces().uppercased()
        for suffix in [" HH:MM:SS", " HH:MM", "THH:MM:SS", "THH:MM"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        let canonical = String(name.map { $0 == "." || $0 == "-" ? "/" : $0 })
        switch canonical {
        case "YYYY/MM/DD": self = .yearMonthDay
        case "MM/DD/YYYY": self = .monthDayYear
        case "DD/MM/YYYY": self = .dayMonthYear
        default: throw ParseError(text: text)
        }
    }

    /// The canonical name, e.g. `DD/MM/YYYY`.
    public var description: String { rawValue }

    /// A date format name that is not one of the accepted ones.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text as given.
        public let text: String

        /// What is wrong and the names to use instead.
        public var description: String {
            "\"\(text)\" is not a date format: give one of \(ReceivedDateFormat.acceptedNames.joined(separator: ", ")),"
                + " optionally followed by HH:mm or HH:mm:ss"
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}

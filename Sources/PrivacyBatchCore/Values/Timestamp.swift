import Foundation

/// Timestamps as the ledger and reports write them: ISO-8601 UTC with milliseconds.
package enum Timestamp {
    package static func now() -> String {
        string(Date())
    }

    package static func date(from text: String) -> Date? {
        try? Date(
            text,
            strategy: .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true)
                .timeZone(separator: .omitted))
    }

    package static func string(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeZone(
                separator: .omitted))
    }
}

import ArgumentParser
import PrivacyBatch
import PrivacyBatchCore

/// How rows are read and completed: `--type`, `--holding-period`, `--reason` for values rows leave out,
/// and `--column`, `--delimiter`, `--encoding`, `--date-format` for files whose own bytes do not say.
struct RowDefaultsOptions: ParsableArguments {
    @Option(
        help:
            "Request type for rows whose request_type cell is empty (or files without that column): deletion or retrieval."
    )
    var type: RequestTypeArgument?

    @Option(help: "Holding period in days (0-180) for deletions whose holding_period cell is empty (API default: 10).")
    var holdingPeriod: Int?

    @Option(help: "Audit reason for deletions whose reason cell is empty (at most 1,000 characters).")
    var reason: String?

    @Option(
        name: .customLong("column"),
        help: ArgumentHelp(
            "Give a header a role: ROLE=HEADER, ROLE one of email, request_type, holding_period, reason, data_subject_type, received_at, or none (carry only). Repeatable; wins over the built-in aliases.",
            valueName: "role=header"))
    var columns: [ColumnAssignmentArgument] = []

    @Option(help: ArgumentHelp("Field separator: , ; tab or | (default: detected from the header).", valueName: "char"))
    var delimiter: DelimiterArgument?

    @Option(
        help: ArgumentHelp(
            "Input encoding: utf-8, windows-1252, latin1, utf-16le or utf-16be (default: UTF-8, or UTF-16 after its byte order mark).",
            valueName: "name"))
    var encoding: EncodingArgument?

    @Option(
        help: ArgumentHelp(
            "How to read received dates written with the year last: MM/DD/YYYY or DD/MM/YYYY (DD.MM.YYYY is the latter). Without it such dates are refused; ISO dates (2025-03-04) need none.",
            valueName: "format"))
    var dateFormat: DateFormatArgument?

    func validate() throws {
        if let holdingPeriod, !(0...180).contains(holdingPeriod) {
            throw ValidationError("--holding-period must be from 0 to 180 days (got \(holdingPeriod))")
        }
        if let reason, reason.count > 1_000 {
            throw ValidationError("--reason must be at most 1,000 characters (got \(reason.count))")
        }
    }

    var defaults: ValidationDefaults {
        ValidationDefaults(type: type?.requestType, holdingPeriod: holdingPeriod, reason: reason)
    }

    var reading: ReadingOptions {
        ReadingOptions(
            delimiter: delimiter?.byte, encoding: encoding?.encoding, columns: columns.map(\.assignment),
            dateFormat: dateFormat?.format)
    }
}

/// `--type deletion|retrieval`, with the same aliases the CSV column accepts (one table: `RequestType`).
struct RequestTypeArgument: ExpressibleByArgument {
    let requestType: RequestType

    init?(argument: String) {
        guard let parsed = RequestType(parsing: argument) else { return nil }
        requestType = parsed
    }

    static var allValueStrings: [String] { ["deletion", "retrieval"] }
}

/// `--column ROLE=HEADER`.
struct ColumnAssignmentArgument: ExpressibleByArgument {
    let assignment: ColumnAssignment

    init?(argument: String) {
        guard let parsed = ColumnAssignment(argument: argument) else { return nil }
        assignment = parsed
    }
}

/// `--delimiter`: one of `,` `;` `|`, or TAB as `tab`, `\t` or the character itself.
struct DelimiterArgument: ExpressibleByArgument {
    let byte: UInt8

    init?(argument: String) {
        switch argument.lowercased() {
        case ",", "comma": byte = 0x2C
        case ";", "semicolon": byte = 0x3B
        case "|", "pipe": byte = 0x7C
        case "\t", "tab", "\\t": byte = 0x09
        default: return nil
        }
    }

    static var allValueStrings: [String] { [",", ";", "tab", "|"] }
}

/// `--encoding NAME`.
struct EncodingArgument: ExpressibleByArgument {
    let encoding: InputEncoding

    init?(argument: String) {
        guard let parsed = InputEncoding(name: argument) else { return nil }
        encoding = parsed
    }

    static var allValueStrings: [String] { InputEncoding.allCases.map(\.rawValue) }
}

/// `--date-format`: the order of a received date written with its year last.
struct DateFormatArgument: ExpressibleByArgument {
    let format: ReceivedDateFormat

    init?(argument: String) {
        guard let parsed = try? ReceivedDateFormat(parsing: argument) else { return nil }
        format = parsed
    }

    static var allValueStrings: [String] { ReceivedDateFormat.acceptedNames }
}

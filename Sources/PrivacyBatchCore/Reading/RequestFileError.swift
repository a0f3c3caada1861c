/// Why a file cannot be read as a request file at all. Thrown before any row is processed.
///
/// Descriptions say what is wrong and how to fix it. They name the path but never quote the file's
/// content, which holds shoppers' personal data.
public enum RequestFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path names a directory.
    case isDirectory(path: String)
    /// The file exists but cannot be opened or read; `reason` is the system's explanation.
    case notReadable(path: String, reason: String)
    /// The file has no bytes, or only a byte order mark and blank lines.
    case empty(path: String)
    /// The first line looks like data (it holds an email address) rather than column names.
    case noHeader(path: String)
    /// The file contains NUL bytes near its start, so it is not a text file.
    case binary(path: String)
    /// The header line itself is malformed.
    case malformedHeader(path: String, code: RowErrorCode)
    /// The path is a pipe, device or socket: it cannot be read twice, as checking and resuming need.
    case notRegularFile(path: String)
    /// The file starts with a byte order mark for `found` but `--encoding` asked for `requested`.
    case encodingConflict(path: String, found: String, requested: String)
    /// The file looks like UTF-16 without a byte order mark; `suggested` is the likely `--encoding`.
    case utf16WithoutByteOrderMark(path: String, suggested: String)
    /// The header splits into the same number of columns with several delimiters (as named in messages).
    case ambiguousDelimiter(path: String, candidates: [String])
    /// The header has no email column: `columns` as read with `delimiter` (as named in messages), and a
    /// column that looks like an email column, if any.
    case missingEmailColumn(path: String, columns: [String], delimiter: String, lookalike: String?)
    /// A column looks like it holds `role` but is not mapped to it: it would be silently ignored.
    case unmappedColumn(path: String, header: String, role: String)
    /// `--column` names a header the file does not have.
    case columnNotFound(path: String, header: String, columns: [String])
    /// The header has no `request_type` column and no default type was given.
    case missingRequestType(path: String)
    /// Two header columns (1-based positions, names) mean the same thing, e.g. `type` and `request_type`.
    case duplicateColumn(path: String, role: String, first: Int, second: Int, names: [String])
    /// A default value is out of range; `detail` names it.
    case invalidDefault(detail: String)
    /// Reading failed part-way through the file; rows already returned stay valid.
    case readFailed(path: String, reason: String)
    /// Received dates written day and month first or last (`03/04/2025`) with no format to say which.
    case ambiguousDates(path: String, rows: Int, firstLine: Int)

    /// What is wrong and what to do about it.
    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such file. Check the path and spelling."
        case .isDirectory(let path):
            return "\(path) is a directory. Pass the path of a CSV file inside it."
        case .notReadable(let path, let reason):
            return "\(path) cannot be read (\(reason)). Check the file's permissions."
        case .empty(let path):
            return "\(path) is empty. Export the request file again; it needs a header line and rows."
        case .noHeader(let path):
            return
                "\(path) has no header line: its first line holds an email address. "
                + "Add a first line naming the columns, for example \"email,request_type\"."
        case .binary(let path):
            return "\(path) is not a text file (it contains NUL bytes). Save it as CSV, UTF-8."
        case .notRegularFile(let path):
            return
                "\(path) is not a regular file (a pipe, device or socket). The tool reads its input more than "
                + "once (to check it, then to resume safely): save it to a file first and pass that file."
        case .encodingConflict(let path, let found, let requested):
            return
                "\(path) starts with a \(found) byte order mark, but --encoding \(requested) was given. "
                + "Drop --encoding, or save the file in \(requested) without the mark."
        case .utf16WithoutByteOrderMark(let path, let suggested):
            return
                "\(path) looks like UTF-16 text without a byte order mark. Pass --encoding \(suggested), "
                + "or save it as CSV UTF-8."
        case .ambiguousDelimiter(let path, let candidates):
            return
                "\(path): the header splits into the same number of columns at "
                + candidates.joined(separator: " and ")
                + ", so the delimiter is unclear. Pass --delimiter with the right one (e.g. --delimiter ';')."
        case .malformedHeader(let path, let code):
            return
                "\(path): the header line is malformed (\(code.rawValue)). "
                + "Fix the column names in the first line."
        case .missingEmailColumn(let path, let columns, let delimiter, let lookalike):
            let found = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let fix =
                lookalike.map { "Column \"\($0)\" looks like one: pass --column email=\(shellWord($0))." }
                ?? "Pass --column email=HEADER naming the column holding shoppers' email addresses."
            return
                "\(path) has no email column. Columns found (delimiter \(delimiter)): \(found). \(fix) "
                + "If the columns look run together, pass --delimiter."
        case .unmappedColumn(let path, let header, let role):
            return
                "\(path): column \"\(header)\" looks like \(role) but is not one the tool knows, so it would be "
                + "ignored. Pass --column \(role)=\(shellWord(header)) to use it, or --column none=\(shellWord(header)) "
                + "to carry it to the reports only."
        case .columnNotFound(let path, let header, let columns):
            return
                "\(path) has no column \"\(header)\" (named by --column). Columns found: "
                + columns.map { "\"\($0)\"" }.joined(separator: ", ") + "."
        case .missingRequestType(let path):
            return
                "\(path) has no \"request_type\" column. Add one (deletion or retrieval) or pass --type."
        case .duplicateColumn(let path, let role, let first, let second, let names):
            let named = names.count == 2 ? " (\"\(names[0])\" and \"\(names[1])\")" : ""
            return
                "\(path): columns \(first) and \(second)\(named) both mean \"\(role)\". Pass --column "
                + "\(role)=HEADER naming the one to use (and --column none=HEADER for the other), or rename one."
        case .invalidDefault(let detail):
            return "Invalid default: \(detail)."
        case .readFailed(let path, let reason):
            return "\(path) could not be read to the end (\(reason)). Check the disk and run again."
        case .ambiguousDates(let path, let rows, let firstLine):
            return "\(path): \(rows) received dates can be read two ways (first on line \(firstLine), e.g. 03/04/2025: "
                + "4 March or 3 April). Nothing was sent. Say how to read them with --date-format MM/DD/YYYY or "
                + "--date-format DD/MM/YYYY (ISO dates, 2025-03-04, need none)."
        }
    }
}

/// A header name quoted for a shell when it needs it, for the fixes error messages suggest.
private func shellWord(_ text: String) -> String {
    let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@%+,".contains($0) }
    return safe && !text.isEmpty
        ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}

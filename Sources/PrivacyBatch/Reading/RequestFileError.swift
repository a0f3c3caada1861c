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
    /// The header has no `email` column.
    case missingEmailColumn(path: String)
    /// The header has no `request_type` column and no default type was given.
    case missingRequestType(path: String)
    /// Two header columns (1-based positions) mean the same thing, for example `type` and `request_type`.
    case duplicateColumn(path: String, role: String, first: Int, second: Int)
    /// A default value is out of range; `detail` names it.
    case invalidDefault(detail: String)
    /// Reading failed part-way through the file; rows already returned stay valid.
    case readFailed(path: String, reason: String)

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
        case .malformedHeader(let path, let code):
            return
                "\(path): the header line is malformed (\(code.rawValue)). "
                + "Fix the column names in the first line."
        case .missingEmailColumn(let path):
            return
                "\(path) has no \"email\" column. Name the column holding shoppers' email addresses \"email\"."
        case .missingRequestType(let path):
            return
                "\(path) has no \"request_type\" column. Add one (deletion or retrieval) or pass --type."
        case .duplicateColumn(let path, let role, let first, let second):
            return
                "\(path): columns \(first) and \(second) both mean \"\(role)\". Remove or rename one of them."
        case .invalidDefault(let detail):
            return "Invalid default: \(detail)."
        case .readFailed(let path, let reason):
            return "\(path) could not be read to the end (\(reason)). Check the disk and run again."
        }
    }
}

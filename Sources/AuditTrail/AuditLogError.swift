/// Why an audit log cannot be opened or appended to.
public enum AuditLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path is a symbolic link; the log never follows one, so a planted link cannot redirect it.
    case symbolicLink(path: String)
    /// The path is not a regular file owned by this user.
    case notRegularFile(path: String)
    /// Another process holds the log open for writing.
    case locked(path: String)
    /// A system call failed.
    case system(operation: String, path: String, code: Int32)
    /// The log ends before the recorded head: entries were cut off after they were committed.
    case behindRecordedHead(file: AuditHead, recorded: AuditHead)
    /// The log's entry at the recorded head's `seq` hashes differently: the log was edited or rebuilt.
    case headMismatch(file: AuditHead, recorded: AuditHead)
    /// A complete line near the end is not a valid, linked entry, so the head cannot be trusted.
    case corruptLine(offset: UInt64, reason: String)
    /// An entry to append breaks the format (e.g. a reserved field name).
    case invalidEntry(AuditEntryError)
    /// The log was closed, or an earlier write failed and the file's end is unknown until it is reopened.
    case unusable(String)

    /// What went wrong and, where there is one, what to do.
    public var description: String {
        switch self {
        case .symbolicLink(let path):
            "refusing to open \(path): it is a symbolic link; the audit log never follows links"
        case .notRegularFile(let path):
            "refusing to use \(path): it is not a regular file of yours"
        case .locked(let path):
            "\(path) is open for writing by another process"
        case .system(let operation, let path, let code):
            "\(operation) \(path): \(AuditFileIO.message(for: code))"
        case .behindRecordedHead(let file, let recorded):
            "the audit log ends at \(file) but \(recorded) was recorded: entries were removed; do not append"
        case .headMismatch(let file, let recorded):
            "the audit log has \(file) where \(recorded) was recorded: it was altered or rebuilt; do not append"
        case .corruptLine(let offset, let reason):
            "the audit log has an invalid line at byte \(offset): \(reason); do not append"
        case .invalidEntry(let error):
            "cannot write the entry: \(error)"
        case .unusable(let reason):
            "the audit log cannot be written: \(reason)"
        }
    }
}

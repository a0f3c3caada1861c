import GRDB

/// Recognises SQLite errors that mean the disk failed, not the ledger's logic, so the pipeline's
/// `StorageFailure` can give them the storage exit code without knowing the database library.
public enum DatabaseFailure {
    /// Whether `error` is SQLite reporting a full disk, an I/O error, a corrupt or non-database file, or a
    /// read-only file system.
    public static func isStorageFailure(_ error: any Error) -> Bool {
        guard let failure = error as? DatabaseError else { return false }
        switch failure.resultCode {
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_READONLY: return true
        default: return false
        }
    }
}

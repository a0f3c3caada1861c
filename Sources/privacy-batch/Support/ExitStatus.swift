/// The exit codes the README documents.
enum ExitStatus {
    /// Every row valid and, for `run`, every valid row submitted.
    static let success: Int32 = 0
    /// Some rows invalid, duplicate, rejected, failed or not sent.
    static let rowProblems: Int32 = 1
    /// A usage, file or credential error: nothing was sent.
    static let usage: Int32 = 2
    /// Stopped by the circuit breaker or an authentication/authorisation failure; rerun to resume.
    static let stopped: Int32 = 3
    /// The disk failed (full, quota, I/O error, read-only) or SQLite reported it; the ledger is intact, so
    /// free space or fix the disk and rerun to resume.
    static let storage: Int32 = 4
}

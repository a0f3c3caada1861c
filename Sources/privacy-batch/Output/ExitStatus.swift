import PrivacyBatch
import PrivacyBatchLedger

/// The exit codes the README documents, one table for every command: the same state gives the same code.
enum ExitStatus {
    /// Nothing needs anyone: every row valid and, as far as this command knows, sent and not failed.
    static let success: Int32 = 0
    /// Some rows need a person or a rerun: invalid, duplicate, rejected, failed, or not sent yet.
    static let rowProblems: Int32 = 1
    /// A usage, file, configuration or credential error, or the run is in use: nothing was sent.
    static let usage: Int32 = 2
    /// Stopped by the circuit breaker or an authentication/authorisation failure; rerun to resume.
    static let stopped: Int32 = 3
    /// The disk failed (full, quota, I/O error, read-only) or SQLite reported it; the ledger is intact, so
    /// free space or fix the disk and rerun to resume.
    static let storage: Int32 = 4

    /// The code for a run in the state `counts` describes; `run`, `status`, `report`, `download`, `cancel` and
    /// `events apply` all end with it, so a script reads one meaning whatever the command.
    static func forRun(_ counts: ReportWriter.Counts) -> Int32 {
        let problems: [Outcome] = [
            .invalid, .duplicate, .rejected, .failed, .gaveUpOrdersNotClosed, .error, .notAttempted,
        ]
        return problems.contains { counts[$0] > 0 } ? rowProblems : success
    }

    /// The table, as the top-level help prints it.
    static let table = """
        Exit codes (every command):
          0    nothing needs anyone: every row valid, sent, and no task failed
          1    some rows need a person or a rerun: invalid, duplicate, rejected, failed, given up or not sent yet
          2    usage, file, configuration or credential error, or the run is in use: nothing was sent
          3    stopped by the circuit breaker or an authentication failure: rerun to resume
          4    storage failure (disk full, I/O error, read-only): the ledger is intact; fix the disk, rerun
          130  interrupted by SIGINT (143: SIGTERM): rerun to resume
        """
}

import Foundation

/// How far a request has got, as far as its deadline is concerned; the caller decides from the task's
/// status which case applies.
public enum DeadlineProgress: Sendable, Hashable {
    /// Finished successfully at `at`: the task ended `COMPLETED` or `CANCELLED`, or a retrieval's archive was
    /// downloaded. `at` is when that happened.
    case finished(at: Date)
    /// Still being worked on (submitted, pending, holding, processing). `projectedEnd` is when it is expected
    /// to finish (e.g. the end of its holding period plus the processing allowance), nil when unknown.
    case inProgress(projectedEnd: Date?)
    /// Neither finished nor being worked on: not sent yet, failed or given up. Such a request can still be
    /// overdue; other problems with it are for the caller to report.
    case stopped
}

import PrivacyBatchCore

/// How one row's start request ended in this run.
public struct SubmissionAnswer: Sendable, Equatable {
    /// What happened.
    public enum Result: Sendable, Equatable {
        /// The API created (or, for a repeated client token, found) the task.
        case accepted(taskId: String)
        /// The API refused the input.
        case rejected(APIFailure)
        /// Transient failures outlasted the retries.
        case gaveUp(APIFailure)
        /// The run stopped first; `sent` tells whether a request may have reached the API.
        case interrupted(sent: Bool, cause: APIFailure?)
    }

    /// The data row.
    public var row: Int
    /// Requests sent for it in this run.
    public var attempts: Int
    /// The result.
    public var result: Result
    /// Whether a request may have reached the API: false only when every attempt failed before it could
    /// (``APIFailure/unreachable(host:cause:)``) or none was made. A run none of whose requests reached its
    /// endpoint may move to another one.
    public var reachedAPI: Bool

    /// Creates an answer; `reachedAPI` defaults to what `result` implies (any sent request counts).
    public init(row: Int, attempts: Int, result: Result, reachedAPI: Bool? = nil) {
        self.row = row
        self.attempts = attempts
        self.result = result
        switch result {
        case .accepted, .rejected: self.reachedAPI = true
        case .gaveUp: self.reachedAPI = reachedAPI ?? (attempts > 0)
        case .interrupted(let sent, _): self.reachedAPI = reachedAPI ?? sent
        }
    }

    /// Whether the row has its final answer for this run (counts as done in progress).
    public var isAnswered: Bool {
        switch result {
        case .accepted, .rejected, .gaveUp: true
        case .interrupted: false
        }
    }

    /// The state, task id, error code and message the ledger records.
    ///
    /// A row whose request may have reached the API stays `SUBMITTING`, so the next run sends it again
    /// with the same client token; one that never left goes back to `PENDING`.
    public var ledgerValues: (RowState, String?, String?, String?) {
        switch result {
        case .accepted(let taskId): (.submitted, taskId, nil, nil)
        case .rejected(let failure): (.rejected, nil, failure.code, failure.message)
        case .gaveUp(let failure): (.error, nil, failure.code, failure.message)
        case .interrupted(let sent, let cause): (sent ? .submitting : .pending, nil, cause?.code, cause?.message)
        }
    }
}

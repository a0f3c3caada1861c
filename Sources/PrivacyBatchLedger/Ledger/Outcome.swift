import PrivacyBatchCore

/// The one word per row that `outcomes.csv` gives: what became of the row, as far as the tool knows.
public enum Outcome: String, Sendable, Codable, CaseIterable, Comparable {
    /// The row broke a rule and was not sent.
    case invalid = "INVALID"
    /// An earlier row asks the same; not sent.
    case duplicate = "DUPLICATE"
    /// Another row (of this or another run) holds a task for the same shopper request; not sent.
    case alreadyRequested = "ALREADY_REQUESTED"
    /// The API refused the row's input.
    case rejected = "REJECTED"
    /// The API created the task; its status has not been queried yet.
    case submitted = "SUBMITTED"
    /// A deletion inside its holding period.
    case onHold = "ON_HOLD"
    /// Being processed.
    case inProgress = "IN_PROGRESS"
    /// Done.
    case completed = "COMPLETED"
    /// The task failed (see `error_code`, e.g. `ORDERS_NOT_CLOSED`).
    case failed = "FAILED"
    /// Cancelled within the holding period.
    case cancelled = "CANCELLED"
    /// A deletion whose shopper's orders stayed open: sent again until `--give-up-after` passed, then given up.
    case gaveUpOrdersNotClosed = "GAVE_UP_ORDERS_NOT_CLOSED"
    /// Transient failures outlasted the retries, or the answer was lost; the next run sends it again.
    case error = "ERROR"
    /// The run stopped before sending it.
    case notAttempted = "NOT_ATTEMPTED"

    /// The outcome of a ledger row.
    public init(_ row: LedgerRow) {
        self.init(state: row.state, taskStatus: row.taskStatus, gaveUp: row.gaveUpAt != nil)
    }

    /// The outcome of a row in `state` whose task shows `taskStatus`; `gaveUp` when its open-order failure was
    /// given up.
    public init(state: RowState, taskStatus: String?, gaveUp: Bool = false) {
        if gaveUp {
            self = .gaveUpOrdersNotClosed
            return
        }
        switch state {
        case .invalid: self = .invalid
        case .duplicate: self = .duplicate
        case .alreadyRequested: self = .alreadyRequested
        case .rejected: self = .rejected
        case .pending: self = .notAttempted
        case .submitting, .error: self = .error
        case .submitted:
            switch taskStatus {
            case TaskStatus.onHold: self = .onHold
            case TaskStatus.inProgress: self = .inProgress
            case TaskStatus.completed: self = .completed
            case TaskStatus.failed: self = .failed
            case TaskStatus.cancelled: self = .cancelled
            // An unknown status is kept verbatim in `task_status`; the row is still a submitted task.
            default: self = .submitted
            }
        }
    }

    /// Whether a person has to fix the row (it goes to `failures.csv`). Rows not sent yet (`ERROR`,
    /// `NOT_ATTEMPTED`) are not among them: rerunning the same command sends them with their own client tokens.
    public var needsAPerson: Bool {
        switch self {
        case .invalid, .rejected, .failed, .gaveUpOrdersNotClosed: true
        default: false
        }
    }

    /// Orders outcomes as declared, for stable summaries.
    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

import PrivacyBatchCore
import PrivacyBatchLedger

/// What a cancel selection holds, counted by streaming it: the deletions to cancel and the rows left alone.
///
/// Kept apart from the cancelling itself so the operator sees (and confirms) the numbers before anything is
/// sent, while neither pass holds more than a page of rows and a few row numbers to show.
public struct CancelPlan: Sendable, Equatable {
    /// Deletions whose task is not final: the ones `cancel` sends.
    public private(set) var candidates = 0
    /// Retrieval rows, which cannot be cancelled, and the first of them by row number.
    public private(set) var retrievals = 0
    /// The first retrieval rows, at most ``shown``.
    public private(set) var firstRetrievals: [Int] = []
    /// Deletions already final.
    public private(set) var finished = 0
    /// The first finished deletions, at most ``shown``.
    public private(set) var firstFinished: [Int] = []

    /// How many row numbers of each kind are kept to show.
    public static let shown = 20

    /// Counts the submitted rows of `scope`, `pageSize` at a time.
    public init(scope: Ledger.Scope, ledger: Ledger, pageSize: Int = 512) async throws {
        var after = 0
        while true {
            let page = try await ledger.submittedRows(scope, after: after, limit: pageSize)
            for row in page { add(row) }
            guard page.count == pageSize, let last = page.last else { return }
            after = last.row
        }
    }

    private mutating func add(_ row: LedgerRow) {
        if row.type == .retrieval {
            retrievals += 1
            if firstRetrievals.count < Self.shown { firstRetrievals.append(row.row) }
        } else if Self.isCandidate(row) {
            candidates += 1
        } else if row.type == .deletion {
            finished += 1
            if firstFinished.count < Self.shown { firstFinished.append(row.row) }
        }
    }

    /// Whether `cancel` sends a cancellation for `row`: a deletion with a task that is not final.
    public static func isCandidate(_ row: LedgerRow) -> Bool {
        row.type == .deletion && row.taskId != nil && !(row.taskStatus.map(TaskStatus.isTerminal) ?? false)
    }
}

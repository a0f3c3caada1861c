import PrivacyBatchCore
import PrivacyBatchLedger

/// Cancelling deletion tasks within their holding period.
extension TaskTracker {
    /// What became of the cancellations.
    public struct CancelTally: Sendable, Equatable {
        /// Tasks now `CANCELLED`.
        public var cancelled = 0
        /// Tasks the API would not cancel (e.g. `CannotCancelPersonalDataDeletionTask` after the holding period).
        public var refused = 0
        /// Cancellations given up after retries.
        public var failed = 0
    }

    /// Cancels the open deletions among the submitted rows of `scope`, reading them a page at a time
    /// (retrievals and final tasks are skipped: ``CancelPlan`` tells the operator about them).
    public func cancel(_ scope: Ledger.Scope, ledger: Ledger) async throws -> CancelTally {
        var after = 0
        var finished = false
        let pageSize = pageSize
        return try await cancel(
            pages: {
                guard !finished else { return nil }
                let page = try await ledger.submittedRows(scope, after: after, limit: pageSize)
                after = page.last?.row ?? after
                finished = page.count < pageSize
                return page.isEmpty && finished ? nil : page.filter(CancelPlan.isCandidate)
            },
            ledger: ledger
        )
    }

    /// Cancels the tasks of `rows` (deletions only: the caller refuses retrievals before this).
    public func cancel(_ rows: [LedgerRow], ledger: Ledger) async throws -> CancelTally {
        var remaining = rows.filter { $0.taskId != nil && $0.type == .deletion }[...]
        return try await cancel(
            pages: {
                guard !remaining.isEmpty else { return nil }
                let page = Array(remaining.prefix(64))
                remaining = remaining.dropFirst(page.count)
                return page
            },
            ledger: ledger
        )
    }

    private func cancel(pages: () async throws -> [LedgerRow]?, ledger: Ledger) async throws -> CancelTally {
        var tally = CancelTally()
        try await dispatcher(answering: (LedgerRow, RetryingCaller.Outcome<TaskSnapshot>, TaskSnapshot?).self).run(
            nextChunk: pages,
            work: { [client, caller] row in
                guard let taskId = row.taskId else { return (row, .stopped(nil, attempts: 0), nil) }
                let outcome = await caller.call { () async throws(APIFailure) in try await client.cancelDeletion(taskId)
                }
                guard case .refused = outcome else { return (row, outcome, nil) }
                // After a refusal, learn the status that caused it, so the reports show where the task is.
                let current = await caller.call { () async throws(APIFailure) in
                    try await client.task(taskId, type: .deletion)
                }
                if case .answered(let snapshot, _) = current { return (row, outcome, snapshot) }
                return (row, outcome, nil)
            },
            notSent: { row in (row, .stopped(nil, attempts: 0), nil) },
            flush: { answers in
                await progress?(answers.count)
                var snapshots: [(row: Int, snapshot: TaskSnapshot)] = []
                var refusals: [(row: Int, failure: APIFailure)] = []
                var events: [AuditEvent] = []
                for (row, outcome, current) in answers {
                    let subject = RunAudit.subject(of: row)
                    switch outcome {
                    case .answered(let snapshot, _):
                        tally.cancelled += 1
                        // The answer may carry only id and status; the status is what matters.
                        snapshots.append((row.row, TaskSnapshot(taskId: snapshot.taskId, status: snapshot.status)))
                        events.append(
                            .cancelled(row: row.row, taskId: row.taskId, status: snapshot.status, subject: subject))
                    case .refused(let failure, _):
                        tally.refused += 1
                        events.append(
                            .cancelRefused(row: row.row, taskId: row.taskId, errorCode: failure.code, subject: subject))
                        if let current {
                            snapshots.append((row.row, current))
                            if current.status != row.taskStatus {
                                events.append(
                                    .statusChanged(
                                        row: row.row, taskId: row.taskId, old: row.taskStatus, new: current.status,
                                        subject: subject))
                            }
                        }
                        refusals.append((row.row, failure))
                    case .gaveUp: tally.failed += 1
                    case .stopped: break
                    }
                }
                try await logged(events) {
                    try await ledger.recordSnapshots(snapshots)
                    for refusal in refusals {
                        try await ledger.recordRefusal(row: refusal.row, failure: refusal.failure)
                    }
                }
            }
        )
        return tally
    }
}

import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// Where each row of a run stands against its legal deadline at one instant: the one reading of a row's deadline,
/// shared by the reports, the digest and `runs`.
///
/// A request is honoured when its deletion ended `COMPLETED` or `CANCELLED` (as the shopper asked), or when its
/// retrieval's archive was handed to the shopper (`handed-over`): a completed retrieval whose archive sits in the
/// reports folder is not honoured yet. An open-order failure that `follow-up` will send again is still in
/// progress; a failure for good, a given-up or refused request is stopped, and becomes overdue when its due day
/// passes. Rows another row answers for (`ALREADY_REQUESTED`, `DUPLICATE`) have no deadline of their own here.
public struct RowDeadline: Sendable {
    let processingDays: Int
    let reopening: Reopening
    let now: Date

    /// The deadline view of the run `record` describes, at `now`.
    public init(record: RunRecord, now: Date) {
        processingDays = record.processingDays ?? DeadlinePlan.defaultProcessingDays
        reopening = Reopening(record: record)
        self.now = now
    }

    /// The rows of `ledger` by deadline state now, read through a cursor (flat memory).
    public static func counts(in ledger: Ledger, now: Date = Date()) async throws -> [DeadlineState: Int] {
        try await ledger.read { snapshot in
            guard let record = try snapshot.run(), record.deadlineRule != nil else { return [:] }
            let deadlines = RowDeadline(record: record, now: now)
            var counts: [DeadlineState: Int] = [:]
            try snapshot.forEachAttentionCandidate { row in
                if let state = deadlines.state(of: row) { counts[state, default: 0] += 1 }
            }
            return counts
        }
    }

    /// The state of `row`'s deadline, or `nil` when it has none.
    public func state(of row: LedgerRow) -> DeadlineState? {
        guard let due = row.dueAt.flatMap(CalendarDay.init(iso:)) else { return nil }
        guard let progress = progress(of: row) else { return nil }
        return DeadlineState(due: due, now: now, progress: progress)
    }

    /// How far `row` has got, or `nil` for a row another row answers for.
    func progress(of row: LedgerRow) -> DeadlineProgress? {
        switch row.state {
        case .alreadyRequested, .duplicate: return nil
        case .invalid, .rejected: return .stopped
        case .pending, .submitting, .error: return .inProgress(projectedEnd: projectedEnd(from: now, row: row))
        case .submitted: break
        }
        if row.gaveUpAt != nil { return .stopped }
        switch row.taskStatus {
        case TaskStatus.completed where row.type == .retrieval:
            guard let handed = row.handedOverAt.flatMap(Timestamp.date(from:)) else {
                return .inProgress(projectedEnd: nil)
            }
            return .finished(at: handed)
        case TaskStatus.completed, TaskStatus.cancelled:
            return row.finalAt.flatMap(Timestamp.date(from:)).map { .finished(at: $0) }
                ?? .inProgress(projectedEnd: nil)
        case TaskStatus.failed:
            guard let reopen = reopening.nextReopen(of: row) else { return .stopped }
            return .inProgress(projectedEnd: projectedEnd(from: max(reopen, now), row: row))
        default:
            let submitted = row.submittedAt.flatMap(Timestamp.date(from:)) ?? now
            return .inProgress(projectedEnd: projectedEnd(from: submitted, row: row))
        }
    }

    /// When a request sent at `start` should end: its holding period, then the API's processing allowance.
    private func projectedEnd(from start: Date, row: LedgerRow) -> Date {
        let holding = row.type == .deletion ? row.holdingPeriod ?? 0 : 0
        return start.addingTimeInterval(Double(holding + processingDays) * 86_400)
    }
}

import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// When a run's open-order failures are next sent again, under the reopen interval `follow-up` last used.
public struct Reopening: Sendable {
    /// Seconds between an open-order failure and its next attempt.
    public let interval: TimeInterval

    /// The interval recorded in `record`, or the default for a run no `follow-up` has seen.
    public init(record: RunRecord) {
        interval = record.reopenAfter ?? FollowUpPolicy.defaultReopenAfter
    }

    /// When `row` is next sent again, or `nil` when it is not an open-order failure waiting for that.
    public func nextReopen(of row: LedgerRow) -> Date? {
        guard Attention.isAwaitingReopen(row), row.taskStatus == TaskStatus.failed,
            let final = row.finalAt.flatMap(Timestamp.date(from:))
        else { return nil }
        return final.addingTimeInterval(interval)
    }
}

import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// The deadline state of a run's rows at one instant.
public struct RowDeadline: Sendable {
    let processingDays: Int
    let now: Date

    /// The rule of `record` (its processing allowance), at `now`.
    public init(record: RunRecord, now: Date) {
        processingDays = record.processingDays ?? 30
        self.now = now
    }

    /// The state of `row`'s deadline, or `nil` when it has none.
    public func state(of row: LedgerRow) -> DeadlineState? {
        guard row.dueAt != nil else { return nil }
        return .open
    }
}

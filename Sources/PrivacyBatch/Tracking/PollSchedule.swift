import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// When a task is next worth asking about.
///
/// A deletion `ON_HOLD` cannot change before its holding period ends (apart from a cancel we make
/// ourselves), so it is checked just after that, not every few seconds; other open tasks are checked
/// every quarter of a simulated day, between 0.5 s and 6 h. Events (`events apply`) bring news sooner.
public struct PollSchedule: Sendable {
    /// Seconds in a day of the API's clock: 86,400 in production, 1 in the sandbox by default.
    public var dayLength: Double

    /// Creates a schedule for an API whose days last `dayLength` seconds.
    public init(dayLength: Double) {
        self.dayLength = dayLength
    }

    /// The schedule of the API `record` was submitted to: the sandbox's days last a second, real ones a day.
    public init(apiOf record: RunRecord) {
        self.init(dayLength: record.isSandbox ? 1 : 86_400)
    }

    /// The shortest wait between two checks of one task.
    public var minimumInterval: Double { max(0.5, min(dayLength / 4, 60)) }

    /// The next time to check `row`, whose status was just seen, at `now`.
    public func nextCheck(for row: LedgerRow, now: Date) -> Date {
        let openInterval = min(max(dayLength / 4, 0.5), 6 * 3600)
        if row.taskStatus == TaskStatus.onHold, let holding = row.holdingPeriod,
            let submitted = row.submittedAt.flatMap(Timestamp.date(from:))
        {
            let holdEnds = submitted.addingTimeInterval(Double(holding) * dayLength + minimumInterval)
            return max(holdEnds, now.addingTimeInterval(minimumInterval))
        }
        return now.addingTimeInterval(openInterval)
    }
}

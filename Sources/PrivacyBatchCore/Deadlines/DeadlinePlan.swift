import Foundation

/// A row's deadline as seen before it is sent: when it is due, when it could finish at the earliest
/// reasonable pace, and whether it is already late or likely to be.
public struct DeadlinePlan: Sendable, Hashable {
    /// The UTC day the request was received.
    public let received: CalendarDay
    /// The last day on which the request is in time.
    public let due: CalendarDay
    /// Today (UTC) plus the holding period plus the processing allowance.
    public let projectedEnd: CalendarDay
    /// `overdue` when today is after the due day, `atRisk` when the projected end is after it, else `open`.
    public let state: DeadlineState
    /// Days from today to the due day: 0 on the due day, negative when overdue.
    public let daysLeft: Int

    /// The processing allowance when none is given: 30 days.
    public static let defaultProcessingDays = 30

    /// Plans a request received on `received` under `rule`, sent at `now`.
    ///
    /// - Parameters:
    ///   - holdingDays: the deletion's holding period in days; 0 for a retrieval. Negative counts as 0.
    ///   - processingDays: the days the API is allowed to take after the holding period. Negative counts as 0.
    public init(
        received: CalendarDay, rule: DeadlineRule, holdingDays: Int,
        processingDays: Int = DeadlinePlan.defaultProcessingDays, now: Date
    ) {
        let today = CalendarDay(containing: now)
        self.received = received
        due = rule.dueDay(receivedOn: received)
        projectedEnd = today.adding(days: max(0, holdingDays) + max(0, processingDays))
        daysLeft = today.days(until: due)
        if today > due {
            state = .overdue
        } else if projectedEnd > due {
            state = .atRisk
        } else {
            state = .open
        }
    }

    /// Whether the received day is after today (UTC): a typo or a clock problem worth a warning.
    public func isReceivedInFuture(now: Date) -> Bool {
        received > CalendarDay(containing: now)
    }
}

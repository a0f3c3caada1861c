import Foundation

/// One stored privacy request; its status is derived from timestamps so it advances while nothing runs.
struct SimulatedTask: Sendable, Equatable {
    var taskID: String
    var kind: TaskKind
    var email: String
    var holdingPeriod: Int?
    var reason: String?
    var clientToken: String?
    var submittedAt: Date
    var cancelledAt: Date?
    var failure: TaskFailure?
    var eventEmitted: Bool

    /// A snapshot of where the task stands at `now`.
    struct State: Sendable {
        var status: TaskStatus
        var lastUpdated: Date
    }

    /// When the task reaches COMPLETED/FAILED.
    func terminalDate(timing: LifecycleTiming) -> Date {
        let days = Double(holdingPeriod ?? 0) + timing.processingDays
        return submittedAt.addingTimeInterval(days * timing.daySeconds)
    }

    func state(at now: Date, timing: LifecycleTiming) -> State {
        if let cancelledAt {
            return State(status: .cancelled, lastUpdated: cancelledAt)
        }
        let holdEnd = submittedAt.addingTimeInterval(Double(holdingPeriod ?? 0) * timing.daySeconds)
        let end = terminalDate(timing: timing)
        if kind == .deletion, now < holdEnd {
            return State(status: .onHold, lastUpdated: submittedAt)
        }
        if now < end {
            return State(status: .inProgress, lastUpdated: kind == .deletion ? holdEnd : submittedAt)
        }
        return State(status: failure == nil ? .completed : .failed, lastUpdated: end)
    }
}

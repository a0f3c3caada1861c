import Foundation

/// Where a request stands against its legal deadline. The raw values are stable: reports and scripts
/// use them.
///
/// The due day counts as in time until it ends in UTC: due 2025-02-28 and finished 2025-02-28T23:59Z is met.
public enum DeadlineState: String, Sendable, Codable, CaseIterable {
    /// Finished on or before the due day.
    case met
    /// Not finished, not late, and not expected to be late.
    case open
    /// Not finished and not late yet, but expected to finish after the due day.
    case atRisk = "at_risk"
    /// Not finished, and the due day has passed.
    case overdue
    /// Finished, but after the due day.
    case missed

    /// The state of a request due on `due`, at `now`:
    /// - finished: `met` when it finished on or before the due day (UTC), else `missed`;
    /// - not finished and today (UTC) is after the due day: `overdue`;
    /// - in progress with a projected end on a day after the due day: `atRisk`;
    /// - otherwise `open` (including a stopped request before its due day).
    public init(due: CalendarDay, now: Date, progress: DeadlineProgress) {
        switch progress {
        case .finished(let at):
            self = CalendarDay(containing: at) <= due ? .met : .missed
            return
        case .inProgress, .stopped:
            break
        }
        if CalendarDay(containing: now) > due {
            self = .overdue
        } else if case .inProgress(let projectedEnd?) = progress, CalendarDay(containing: projectedEnd) > due {
            self = .atRisk
        } else {
            self = .open
        }
    }

    /// The order people read the states in, what needs a look first: reports, `runs` and the digest list them so.
    public static let displayOrder: [DeadlineState] = [.overdue, .atRisk, .open, .met, .missed]

    /// Whether the request is finished (`met` or `missed`): its state no longer changes.
    public var isFinal: Bool {
        self == .met || self == .missed
    }

    /// Whether the state calls for a person: `atRisk`, `overdue` or `missed`.
    public var needsAttention: Bool {
        self == .atRisk || self == .overdue || self == .missed
    }
}

import Foundation

/// What a run has due at one instant, read from its ledger alone: whether a pass must talk to the API at all.
public struct DueWork: Sendable, Equatable {
    /// Open tasks whose next check is due.
    public var tasksToCheck = false
    /// Open-order failures whose reopen interval has passed.
    public var reopens = false
    /// Rows stored but not answered (`SUBMITTING`, `PENDING`, `ERROR`): reopened, or left by a stopped command.
    public var inFlight = 0
    /// Completed retrievals without an archive on disk.
    public var archives = 0

    /// Whether any of it needs the API; giving up and rewriting reports do not.
    public var needsAPI: Bool { tasksToCheck || reopens || inFlight > 0 || archives > 0 }
}

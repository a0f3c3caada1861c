import PrivacyBatchCore

/// What a run will do, known before any request: the counts a dry run prints and a confirmation states.
public struct RunPlan: Sendable, Equatable {
    /// The run's name: the one given, the file's, or with `--new-run` the fresh one (`export-2`).
    public var runName = ""
    /// Data rows in the input.
    public var rows = 0
    /// Valid rows per type, in the whole input.
    public var validByType: [RequestType: Int] = [:]
    /// Rows that will not be sent (invalid or duplicate).
    public var notSendable = 0
    /// Rows an earlier run already got an answer for.
    public var alreadyAnswered = 0
    /// Valid rows not sent because another row, of this or another run, holds a task for the same request.
    public var alreadyRequested = 0
    /// Rows this run will send, per type.
    public var toSendByType: [RequestType: Int] = [:]
    /// Deletions read from the file this time with a holding period of 0: they cannot be cancelled.
    public var immediateDeletions = 0

    /// How long the run's rows keep shoppers' values.
    public var retention = RetentionPolicy.standard
    /// Received dates against the legal deadline, when the file has a received date column.
    public var deadline: DeadlineCounts?

    /// Rows this run will send.
    public var toSend: Int { toSendByType.values.reduce(0, +) }

    /// Adds the counts of rows read from the file (`other`) to these, read from the ledger.
    mutating func add(_ other: RunPlan) {
        rows += other.rows
        validByType.merge(other.validByType, uniquingKeysWith: +)
        notSendable += other.notSendable
        alreadyRequested += other.alreadyRequested
        toSendByType.merge(other.toSendByType, uniquingKeysWith: +)
        immediateDeletions += other.immediateDeletions
        if let counted = other.deadline { deadline = counted }
    }

    /// Seconds the sending should take at `rate` requests per second.
    public func estimatedSeconds(rate: Double) -> Double {
        rate > 0 ? Double(toSend) / rate : 0
    }
}

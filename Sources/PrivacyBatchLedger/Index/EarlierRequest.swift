/// The task another row (of this or another run) already holds for the same shopper request.
public struct EarlierRequest: Sendable, Equatable {
    /// The run that sent it.
    public var run: String
    /// Its data row in that run.
    public var row: Int
    /// The task the API created, when its answer is known.
    public var taskId: String?
    /// The task's last known status (`SUBMITTED` until followed), or `nil` while unanswered.
    public var status: String?

    /// Creates a description of an earlier request.
    public init(run: String, row: Int, taskId: String?, status: String?) {
        self.run = run
        self.row = row
        self.taskId = taskId
        self.status = status
    }

    /// The message `outcomes.csv` gives the row that was not sent.
    public var message: String {
        let task = taskId.map { "task \($0) (\(status ?? "SUBMITTED"))" } ?? "not answered yet: rerun '\(run)'"
        return "already requested by run '\(run)' row \(row): \(task)"
    }
}

/// One request in the ``RequestIndex``: which row holds it and what became of its task.
struct RequestIndexEntry: Sendable, Equatable {
    /// The run holding it.
    var run: String
    /// The row holding it.
    var row: Int
    /// The holder's task, once the API answered.
    var taskId: String?
    /// `nil` while unanswered, then `SUBMITTED`, a task status, or `REJECTED`.
    var status: String?
    /// The earlier task the holder's client token follows.
    var generation: String?

    /// The entry as the row that is refused sees it.
    var earlier: EarlierRequest {
        EarlierRequest(run: run, row: row, taskId: taskId, status: status)
    }
}

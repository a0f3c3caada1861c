/// `type StartPersonalDataDeletionTaskResponse { taskId: ID! }`.
struct StartPersonalDataDeletionTaskResponse: Codable, Sendable {
    var taskId: TaskID
}

/// `type StartPersonalDataRetrievalTaskResponse { taskId: ID! }`.
struct StartPersonalDataRetrievalTaskResponse: Codable, Sendable {
    var taskId: TaskID
}

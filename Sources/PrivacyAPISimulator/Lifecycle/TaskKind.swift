/// The two kinds of privacy request.
enum TaskKind: String, Sendable, Codable {
    case deletion
    case retrieval

    /// The GraphQL name used in messages and event resources.
    var taskName: String {
        self == .deletion ? "personalDataDeletionTask" : "personalDataRetrievalTask"
    }

    var mutationName: String {
        self == .deletion ? "startPersonalDataDeletionTask" : "startPersonalDataRetrievalTask"
    }

    var eventPrefix: String {
        self == .deletion ? "PERSONAL_DATA_DELETION_TASK" : "PERSONAL_DATA_RETRIEVAL_TASK"
    }
}

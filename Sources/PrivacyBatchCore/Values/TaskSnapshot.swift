/// What the API says about one task at one moment.
public struct TaskSnapshot: Decodable, Sendable, Equatable {
    /// One entry of a task's `errors`, such as `ORDERS_NOT_CLOSED`.
    public struct TaskError: Decodable, Sendable, Equatable {
        /// The documented code, e.g. `ORDERS_NOT_CLOSED` or `DATA_SUBJECT_NOT_FOUND`.
        public var code: String?
        /// The API's message.
        public var message: String

        /// Creates a task error.
        public init(code: String?, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// The task id.
    public var taskId: String
    /// The status verbatim; statuses the tool does not know are kept, not refused.
    public var status: String
    /// When the task was submitted (ISO-8601), when the API says.
    public var submissionDate: String?
    /// When the task last changed (ISO-8601), when the API says.
    public var lastUpdatedDate: String?
    /// The pre-signed archive link of a completed retrieval; it expires 60 seconds after issue.
    public var dataRetrievalLink: String?
    /// The task's errors; empty when there are none.
    public var errors: [TaskError]?

    /// Creates a snapshot.
    public init(
        taskId: String,
        status: String,
        submissionDate: String? = nil,
        lastUpdatedDate: String? = nil,
        dataRetrievalLink: String? = nil,
        errors: [TaskError]? = nil
    ) {
        self.taskId = taskId
        self.status = status
        self.submissionDate = submissionDate
        self.lastUpdatedDate = lastUpdatedDate
        self.dataRetrievalLink = dataRetrievalLink
        self.errors = errors
    }

    /// Whether the task can change no more.
    public var isTerminal: Bool { TaskStatus.isTerminal(status) }
}

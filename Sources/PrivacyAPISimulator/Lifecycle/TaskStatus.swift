/// The statuses a task shows; `CANCELLED` is our choice where the public text is silent.
enum TaskStatus: String, Sendable {
    case onHold = "ON_HOLD"
    case inProgress = "IN_PROGRESS"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case cancelled = "CANCELLED"
}

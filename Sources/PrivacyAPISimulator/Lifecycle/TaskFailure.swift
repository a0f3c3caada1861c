/// Why a task will end FAILED, decided from the shopper directory when the task is submitted.
enum TaskFailure: String, Sendable, Codable {
    case ordersNotClosed = "ORDERS_NOT_CLOSED"
    case dataSubjectNotFound = "DATA_SUBJECT_NOT_FOUND"

    func message(taskID: String) -> String {
        switch self {
        case .ordersNotClosed: "The shopper has one or more unclosed orders."
        case .dataSubjectNotFound: "The shopper email for request \(taskID) does not exist"
        }
    }
}

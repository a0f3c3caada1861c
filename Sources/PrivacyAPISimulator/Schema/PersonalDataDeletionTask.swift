/// `type PersonalDataDeletionTask`.
struct PersonalDataDeletionTask: Codable, Sendable {
    var taskId: TaskID
    var status: String
    var submissionDate: String
    var lastUpdatedDate: String
    var holdingPeriod: Int?
    var dataSubject: DataSubject
    var errors: [PersonalDataTaskError?]?
}

/// `type PersonalDataRetrievalTask`.
struct PersonalDataRetrievalTask: Codable, Sendable {
    var taskId: TaskID
    var status: String
    var submissionDate: String
    var lastUpdatedDate: String
    var dataSubject: DataSubject
    var errors: [PersonalDataTaskError?]?
    var dataRetrievalLink: String?
}

/// `type DataSubject { type: DataSubjectType!, email: String }`.
struct DataSubject: Codable, Sendable {
    var type: DataSubjectType
    var email: String?
}

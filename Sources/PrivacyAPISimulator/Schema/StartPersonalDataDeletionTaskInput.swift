/// `input StartPersonalDataDeletionTaskInput`.
struct StartPersonalDataDeletionTaskInput: Codable, Sendable {
    var dataSubject: DataSubjectInput
    var holdingPeriod: Int?
    var reason: String?
    var clientToken: ClientTokenInput?
}

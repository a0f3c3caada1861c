/// `input StartPersonalDataRetrievalTaskInput`.
struct StartPersonalDataRetrievalTaskInput: Codable, Sendable {
    var dataSubject: DataSubjectInput
    var clientToken: ClientTokenInput?
}

/// `input DataSubjectInput`; `email` is optional in the schema so the seed's "email not provided" error is reachable.
struct DataSubjectInput: Codable, Sendable {
    var type: DataSubjectType
    var email: String?
}

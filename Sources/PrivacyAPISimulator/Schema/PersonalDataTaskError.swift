/// `type PersonalDataTaskError { code: String, message: String! }`.
struct PersonalDataTaskError: Codable, Sendable {
    var code: String?
    var message: String
}

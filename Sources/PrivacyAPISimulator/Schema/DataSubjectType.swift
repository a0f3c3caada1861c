/// `enum DataSubjectType { SHOPPER }`.
enum DataSubjectType: String, Codable, Sendable, CaseIterable {
    case SHOPPER
}

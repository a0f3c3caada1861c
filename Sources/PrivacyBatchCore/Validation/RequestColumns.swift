/// Where each understood column sits in a request file's header (0-based indexes), for the row checks.
struct RequestColumns: Sendable {
    var email: Int
    var requestType: Int?
    var holdingPeriod: Int?
    var reason: Int?
    var dataSubjectType: Int?
    var receivedAt: Int?

    /// The indexes of a mapping, which always has an email column.
    init(_ mapping: ColumnMapping) {
        email = mapping.index(of: .email) ?? 0
        requestType = mapping.index(of: .requestType)
        holdingPeriod = mapping.index(of: .holdingPeriod)
        reason = mapping.index(of: .reason)
        dataSubjectType = mapping.index(of: .dataSubjectType)
        receivedAt = mapping.index(of: .receivedAt)
    }
}

import Testing

@testable import PrivacyBatch

@Suite struct ColumnRoleTests {
    @Test(arguments: [
        ("email", ColumnRole.email), (" EMAIL ", .email), ("request_type", .requestType),
        ("Request Type", .requestType),
        ("request-type", .requestType), ("type", .requestType), ("holding_period", .holdingPeriod),
        ("Holding-Period-Days", .holdingPeriod), ("reason", .reason), ("Data Subject Type", .dataSubjectType),
    ])
    func mapsHeaderNames(name: String, expected: ColumnRole) {
        #expect(ColumnRole(headerName: name) == expected)
    }

    @Test(arguments: ["ticket_id", "e-mail", "emails", "request__type", ""])
    func leavesOtherNamesUnmapped(name: String) {
        #expect(ColumnRole(headerName: name) == nil)
    }

    @Test func normalisesNames() {
        #expect(ColumnRole.normalised("  Holding Period-DAYS\t") == "holding_period_days")
    }
}

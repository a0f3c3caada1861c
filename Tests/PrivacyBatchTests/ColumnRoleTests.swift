import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct ColumnRoleTests {
    /// Header names from storefront, CRM and help-desk exports.
    @Test(arguments: [
        ("email", ColumnRole.email), (" EMAIL ", .email), ("E-mail", .email), ("Email Address", .email),
        ("Customer Email", .email), ("email_address", .email), ("Shopper Email", .email), ("E-Mail", .email),
        ("Email (primary)", .email), ("request_type", .requestType), ("Request Type", .requestType),
        ("request-type", .requestType), ("Type", .requestType), ("holding_period", .holdingPeriod),
        ("Holding Period (days)", .holdingPeriod), ("Holding-Period-Days", .holdingPeriod),
        ("Hold Days", .holdingPeriod), ("holding period [days]", .holdingPeriod), ("Reason", .reason),
        ("Deletion Reason", .reason), ("Data Subject Type", .dataSubjectType),
    ])
    func mapsHeaderNamesFromTheAliasTable(name: String, expected: ColumnRole) {
        #expect(ColumnRole(headerName: name) == expected)
    }

    @Test(arguments: [
        "ticket_id", "emails", "Accepts Email Marketing", "Customer Type", "Request ID", "First Name", "",
    ])
    func leavesOtherNamesUnmapped(name: String) {
        #expect(ColumnRole(headerName: name) == nil)
    }

    /// Names that look like a role without being an alias: the file is refused rather than the column ignored.
    @Test(arguments: [
        ("Hold Until", ColumnRole.holdingPeriod), ("Retention Days", .holdingPeriod),
        ("Days before deletion", .holdingPeriod), ("Holding", .holdingPeriod), ("Grace Period", .holdingPeriod),
        ("Privacy Request Type Code", .requestType), ("Reason Code", .reason), ("Data Subject", .dataSubjectType),
    ])
    func recognisesLookalikes(name: String, expected: ColumnRole) {
        #expect(ColumnRole(headerName: name) == nil)
        #expect(ColumnRole.resembled(byHeaderName: name) == expected)
    }

    @Test(arguments: ["Card Holder", "Accepts Email Marketing", "Customer Type", "Ticket", "Notes", "Order Count"])
    func leavesOrdinaryColumnsAlone(name: String) {
        #expect(ColumnRole.resembled(byHeaderName: name) == nil)
    }

    @Test func compactsNames() {
        #expect(ColumnRole.compacted("  Holding Period (Days)\t") == "holdingperiod")
        #expect(ColumnRole.compacted("E-Mail_Address") == "emailaddress")
        #expect(ColumnRole.compacted("(days)") == "days")
    }

    @Test func normalisesNamesForSelectorFiles() {
        #expect(ColumnRole.normalised("  Holding Period-DAYS\t") == "holding_period_days")
    }

    @Test(arguments: [
        ("email=E-Mail Adresse", ColumnRole.email, "E-Mail Adresse"), ("Holding-Period=Tage", .holdingPeriod, "Tage"),
        ("request_type=a=b", .requestType, "a=b"), ("none=Hold Until", nil, "Hold Until"),
    ])
    func parsesColumnArguments(argument: String, role: ColumnRole?, header: String) {
        #expect(ColumnAssignment(argument: argument) == ColumnAssignment(role: role, header: header))
    }

    @Test(arguments: ["email", "mail=x", "email=", "=x"])
    func rejectsBadColumnArguments(argument: String) {
        #expect(ColumnAssignment(argument: argument) == nil)
    }
}

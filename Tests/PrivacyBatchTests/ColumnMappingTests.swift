import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

@Suite struct ColumnMappingTests {
    private func map(
        _ header: [String], _ assignments: [ColumnAssignment] = []
    ) throws(RequestFileError)
        -> ColumnMapping
    {
        try ColumnMapping(header: header, assignments: assignments, path: "/f.csv", delimiter: "\",\"")
    }

    @Test func mapsAStorefrontHeader() throws {
        let mapping = try map(["Customer ID", "Customer Email", "Request Type", "Holding Period (days)", "Reason"])
        #expect(mapping.columns.map(\.role) == [nil, .email, .requestType, .holdingPeriod, .reason])
        #expect(mapping.columns.map(\.source) == [.none, .alias, .alias, .alias, .alias])
    }

    @Test func anExplicitColumnWinsOverTheAliasTable() throws {
        let mapping = try map(
            ["Email", "Billing Email"], [ColumnAssignment(role: .email, header: "billing email")])
        #expect(mapping.index(of: .email) == 1)
        #expect(mapping.columns[0].role == nil)
        #expect(mapping.columns[1].source == .option)
    }

    @Test func twoCandidatesForOneRoleAreRefusedNamingBoth() {
        #expect(
            throws: RequestFileError.duplicateColumn(
                path: "/f.csv", role: "email", first: 1, second: 3, names: ["E-mail", "Email Address"])
        ) { try map(["E-mail", "Type", "Email Address"]) }
        let error = RequestFileError.duplicateColumn(
            path: "/f.csv", role: "email", first: 1, second: 3, names: ["E-mail", "Email Address"])
        #expect(error.description.contains("\"E-mail\" and \"Email Address\""))
        #expect(error.description.contains("--column email="))
    }

    /// The bug of the issue: a holding period column that is not read must stop the file, never fall back.
    @Test func aLookalikeColumnStopsTheFileWithTheFix() {
        #expect(throws: RequestFileError.unmappedColumn(path: "/f.csv", header: "Hold Until", role: "holding_period")) {
            try map(["email", "type", "Hold Until"])
        }
        let error = RequestFileError.unmappedColumn(path: "/f.csv", header: "Hold Until", role: "holding_period")
        #expect(error.description.contains("--column holding_period='Hold Until'"))
        #expect(error.description.contains("--column none='Hold Until'"))
    }

    @Test func aLookalikeCanBeMappedOrCarried() throws {
        let used = try map(
            ["email", "Retention Days"], [ColumnAssignment(role: .holdingPeriod, header: "Retention Days")])
        #expect(used.index(of: .holdingPeriod) == 1)
        let carried = try map(["email", "Retention Days"], [ColumnAssignment(role: nil, header: "Retention Days")])
        #expect(carried.index(of: .holdingPeriod) == nil)
        #expect(carried.columns[1].source == .option)
    }

    @Test func aLookalikeNextToAnAliasIsStillRefused() {
        #expect(throws: RequestFileError.self) { try map(["email", "Holding Period", "Hold Until"]) }
    }

    @Test func aColumnOptionNamingNoHeaderIsRefused() {
        #expect(
            throws: RequestFileError.columnNotFound(path: "/f.csv", header: "Mail", columns: ["email", "type"])
        ) { try map(["email", "type"], [ColumnAssignment(role: .email, header: "Mail")]) }
    }

    @Test func aMissingEmailColumnListsTheColumnsTheDelimiterAndALookalike() {
        let header = ["Primary E-Mail Addr", "Type"]
        #expect(
            throws: RequestFileError.missingEmailColumn(
                path: "/f.csv", columns: header, delimiter: "\",\"", lookalike: "Primary E-Mail Addr")
        ) { try map(header) }
        let error = RequestFileError.missingEmailColumn(
            path: "/f.csv", columns: ["email;type"], delimiter: "\",\"", lookalike: nil)
        #expect(error.description.contains("Columns found (delimiter \",\"): \"email;type\""))
        #expect(error.description.contains("--delimiter"))
    }

    @Test func describesTheMappingAndTheFlagRule() throws {
        let mapping = try map(
            ["Customer Email", "Type", "Notes", "Hold Until"], [ColumnAssignment(role: nil, header: "Hold Until")])
        let lines = mapping.describe(
            defaults: ValidationDefaults(type: .retrieval), delimiter: "\";\"", encoding: .utf8)
        #expect(lines.first == "columns (delimiter \";\", encoding utf-8):")
        #expect(lines.contains("  \"Customer Email\" -> email"))
        #expect(lines.contains("  \"Notes\" -> carried to the reports only"))
        #expect(lines.contains("  \"Hold Until\" -> carried to the reports only (--column none)"))
        #expect(lines.contains { $0.contains("\"Type\" is the request_type; its cells win over --type retrieval") })
        #expect(lines.contains("note: no holding period column; deletions are held the API's default of 10 days"))
    }
}

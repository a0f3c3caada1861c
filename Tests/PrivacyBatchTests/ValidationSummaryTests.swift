import Testing

@testable import PrivacyBatch

@Suite struct ValidationSummaryTests {
    @Test func summarisesRows() throws {
        let reader = try RequestFileReader(
            path: try Fixtures.file("email,type\na@b.co,deletion\na@b.co,deletion\nc@d.co,retrieval\nbad,x\n"))
        var summary = ValidationSummary()
        while let row = reader.next() {
            summary.record(row)
        }
        #expect(reader.readError == nil)
        #expect(summary.rowsRead == 4)
        #expect(summary.validByType == [.deletion: 1, .retrieval: 1])
        #expect(summary.problemsByCode == [.duplicate: 1, .emailInvalid: 1])
        #expect(summary.duplicates == 1)
        #expect(summary.validRows == 2)
        #expect(summary.invalidRows == 2)
    }

    @Test func countsAssignedDictionaries() {
        var summary = ValidationSummary()
        summary.validByType = [.retrieval: 3]
        summary.problemsByCode = [.reasonTooLong: 2]
        #expect(summary.validByType == [.retrieval: 3])
        #expect(summary.problemsByCode == [.reasonTooLong: 2])
        #expect(summary.validRows == 3)
        #expect(summary.invalidRows == 2)
    }
}

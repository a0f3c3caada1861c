import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore

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

    @Test func countsDeletionsThatCannotBeCancelledAndLeavesBlankRowsOut() throws {
        let reader = try RequestFileReader(
            path: try Fixtures.file(
                "email,type,hold days\na@b.co,deletion,0\n,,\nc@d.co,deletion,3\ne@f.co,retrieval,\n ,\t,\n"))
        var summary = ValidationSummary()
        while let row = reader.next() {
            summary.record(row)
        }
        summary.blankRows = reader.blankRows
        #expect(summary.rowsRead == 3)
        #expect(summary.immediateDeletions == 1)
        #expect(summary.blankRows == 2)
        #expect(summary.invalidRows == 0)
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

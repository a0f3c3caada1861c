import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger
import TestSupport
import Testing

@testable import PrivacyBatch

@Suite struct RowMaskingTests {
    private typealias Situation = MinimisationFixture.Situation

    @Test func keptColumnsStayTheEmailIsMaskedAndEveryOtherCellIsEmptied() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"), keptColumns: [1, 2])
        let row = try await fixture.row(.completedDeletion)
        let change = RowMasking(record: fixture.record).minimisation(of: row, givesUp: false, archiveDeleted: false)
        #expect(change.cells == ["s•••@example.com", "deletion", MinimisationFixture.ticket(.completedDeletion)])
        #expect(change.maskedEmail == "s•••@example.com")
        #expect(change.row == row.row)

        var wider = row
        wider.values = ["shopper@example.com", "deletion", "T-1", "a note naming Shopper Person"]
        let masked = RowMasking(record: fixture.record).minimisation(of: wider, givesUp: true, archiveDeleted: true)
        #expect(masked.cells == ["s•••@example.com", "deletion", "T-1", ""])
        #expect(masked.givesUp && masked.archiveDeleted)
    }

    @Test func anInvalidRowIsMaskedFromItsEmailCell() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let row = try await fixture.row(.invalid)
        #expect(row.email == nil)
        let change = RowMasking(record: fixture.record).minimisation(of: row, givesUp: false, archiveDeleted: false)
        #expect(change.maskedEmail == "s•••@example.com")
        #expect(change.cells == ["s•••@example.com", "erase", ""])
    }

    @Test func aRunFromBeforeTheEmailColumnWasRecordedMasksTheCellHoldingTheAddress() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        var record = fixture.record
        record.emailColumn = nil
        record.keptColumns = []
        var row = try await fixture.row(.completedDeletion)
        row.values = ["T-8", " Shopper.CompletedDeletion@Example.com ", "deletion"]
        let change = RowMasking(record: record).minimisation(of: row, givesUp: false, archiveDeleted: false)
        #expect(change.cells == ["", "S•••@Example.com", ""])
    }

    @Test func theMessageLosesTheAddressWhateverItsCase() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        var row = try await fixture.row(.rejected)
        #expect(row.errorMessage?.contains(MinimisationFixture.email(.rejected)) == true)
        let masking = RowMasking(record: fixture.record)
        let change = masking.minimisation(of: row, givesUp: false, archiveDeleted: false)
        #expect(change.errorMessage == "email s•••@example.com is not valid")

        row.errorMessage = "task for SHOPPER.REJECTED@EXAMPLE.COM failed"
        let upper = masking.minimisation(of: row, givesUp: false, archiveDeleted: false)
        #expect(upper.errorMessage == "task for s•••@example.com failed")
        #expect(upper.errorMessage?.lowercased().contains(MinimisationFixture.email(.rejected)) == false)
    }
}

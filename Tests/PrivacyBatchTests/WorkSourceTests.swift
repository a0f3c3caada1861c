import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchLedger

/// The order in which a run takes its work from the ledger and the file.
@Suite struct WorkSourceTests {
    @Test func aResentRowThatGivesUpIsNotTakenAgainInTheSameRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory, rows: (1...3).map { LedgerFixtures.valid($0, "s\($0)@example.com") })
        try await ledger.markSubmitting([2])
        let record = try await #require(try ledger.run())
        let claims = RunClaims(index: nil, run: record.name, scope: RequestScope(endpoint: nil, targetID: nil))
        var work = WorkSource(ledger: ledger, run: record, reader: nil, claims: claims)
        #expect(try await work.nextChunk()?.map(\.row) == [2])
        // Its resend gives up, and the answer is durable before the PENDING/ERROR pass reads the ledger.
        try await ledger.record([SubmissionAnswer(row: 2, attempts: 3, result: .gaveUp(.transient(reason: "503")))])
        #expect(try await work.nextChunk()?.map(\.row) == [1, 3])
        #expect(try await work.nextChunk() == nil)
    }
}

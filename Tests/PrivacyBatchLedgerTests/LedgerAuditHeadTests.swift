import Foundation
import GRDB
import TestSupport
import Testing

@testable import PrivacyBatchLedger

/// The one seam through which evidence reads the audit log's head: absent columns read as no head.
@Suite struct LedgerAuditHeadTests {
    @Test func aLedgerWhoseLogWasNeverStartedHasNoHeadAndOneWithAHeadReturnsIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "a@example.com")])
        #expect(try await ledger.read { try $0.auditHead() } == nil)

        let hash = String(repeating: "c3", count: 32)
        let database = try DatabaseQueue(path: ledger.path)
        try await database.write { db in
            try db.execute(sql: "UPDATE run SET auditSeq = 7, auditHash = ? WHERE id = 1", arguments: [hash])
        }
        let head = try await ledger.read { try $0.auditHead() }
        #expect(head?.seq == 7)
        #expect(head?.hash == hash)
    }

    @Test func rowsAreFoundBySubjectInRowOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger(path: directory.file("ledger.sqlite"))
        try await ledger.create(
            RunRecord(
                name: "t", inputPath: "t.csv", inputSHA256: LedgerFixtures.digest, header: ["email", "request_type"],
                defaults: .init(), endpoint: nil, createdAt: "2026-11-22T00:00:00.000Z"))
        try await ledger.ingest(
            [
                LedgerFixtures.valid(1, "a@example.com"), LedgerFixtures.valid(2, "b@example.com"),
                LedgerFixtures.valid(3, "A@example.com", .retrieval),
            ], scope: .sandbox, complete: true, recordKey: .testing)
        let subject = RecordKey.testing.subject(of: "a@example.com")
        let rows = try await ledger.read { try $0.rows(withSubjects: [subject]) }
        #expect(rows.map(\.row) == [1, 3])
        #expect(try await ledger.read { try $0.rows(withSubjects: []) }.isEmpty)
    }
}

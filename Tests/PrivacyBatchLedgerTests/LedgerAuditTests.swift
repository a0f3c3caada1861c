import Foundation
import GRDB
import TestSupport
import Testing

@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

/// The audit head the ledger keeps beside its rows (migration `v11-audit`).
@Suite struct LedgerAuditTests {
    private let head = LedgerAuditHead(seq: 7, hash: String(repeating: "ab", count: 32))

    @Test func aRunHasNoHeadUntilOneIsRecorded() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "a@example.com")])
        #expect(try await ledger.auditHead() == nil)
        try await ledger.recordAuditHead(head)
        #expect(try await ledger.auditHead() == head)
    }

    @Test func theHeadIsCommittedWithTheChangeItDescribes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "a@example.com")])
        let stamped = try await ledger.withAuditHead(head) { try await ledger.markSubmitting([1]) }
        #expect(stamped)
        #expect(try await ledger.auditHead() == head)
        #expect(try await ledger.allRows().first?.state == .submitting)
    }

    @Test func aChangeThatFailsLeavesTheOldHead() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "a@example.com")])
        try await ledger.recordAuditHead(LedgerAuditHead(seq: 1, hash: head.hash))
        struct Failed: Error {}
        await #expect(throws: Failed.self) {
            _ = try await ledger.withAuditHead(head) {
                try await ledger.markSubmitting([1])
                throw Failed()
            }
        }
        // The first transaction committed with the head; nothing after it did.
        #expect(try await ledger.auditHead() == head)
        let unstamped = try await ledger.withAuditHead(LedgerAuditHead(seq: 9, hash: head.hash)) {}
        #expect(!unstamped)
        #expect(try await ledger.auditHead() == head)
    }

    @Test func writesOutsideTheScopeLeaveTheHeadAlone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "a@example.com")])
        try await ledger.recordAuditHead(head)
        try await ledger.markSubmitting([1])
        #expect(try await ledger.auditHead() == head)
        #expect(try await ledger.storedRows([1, 5]).map(\.row) == [1])
    }
}

import AuditTrail
import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

/// `RunAudit`: the order of the log and the ledger, and what opening the log repairs.
@Suite struct RunAuditTests {
    private func run(in directory: TemporaryDirectory) async throws -> (RunFolder, Ledger) {
        let ledger = try await LedgerFixtures.ledger(
            in: directory, rows: [LedgerFixtures.valid(1, "a@example.com"), LedgerFixtures.valid(2, "b@example.com")])
        let path = directory.path as NSString
        return (RunFolder(reports: path.deletingLastPathComponent, name: path.lastPathComponent), ledger)
    }

    private func sent(_ row: Int) -> AuditEvent {
        .sent(row: row, operation: .deletion, clientToken: "token-\(row)", resend: false, subject: nil)
    }

    @Test func aRunWithoutALogStartsOneWithItsCounts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, ledger) = try await run(in: directory)
        let audit = try await RunAudit.open(folder: folder, ledger: ledger)
        defer { audit.close() }
        let entries = try AuditLogFile(run: folder.path).entries()
        #expect(entries.map(\.event) == ["audit-started"])
        #expect(entries.first?.field("counts") == .object([AuditField("PENDING", 2)]))
        #expect(try await ledger.auditHead() == LedgerAuditHead(seq: 1, hash: audit.head.hash))
        #expect(audit.didAppend)
    }

    @Test func aCommitRecordsTheHeadWithItsChange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, ledger) = try await run(in: directory)
        let audit = try await RunAudit.open(folder: folder, ledger: ledger)
        try await audit.commit([sent(1), sent(2)]) { try await ledger.markSubmitting([1, 2]) }
        #expect(audit.head.seq == 3)
        #expect(try await ledger.auditHead() == LedgerAuditHead(seq: 3, hash: audit.head.hash))
        audit.close()
        let verified = try await RunVerifier.verify(folder)
        #expect(verified.problem == nil)
        #expect(verified.rows == 2)
    }

    @Test func entriesACrashLeftBeforeTheLedgerCommitAreAdoptedAndTheirRowsRestated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (folder, ledger) = try await run(in: directory)
        let audit = try await RunAudit.open(folder: folder, ledger: ledger)
        struct Crash: Error {}
        // The log is synced; the ledger's transaction never happens.
        await #expect(throws: Crash.self) { try await audit.commit([sent(1)]) { throw Crash() } }
        audit.close()
        let before = try await RunVerifier.verify(folder)
        #expect(before.problem?.line == 2)

        let reopened = try await RunAudit.open(folder: folder, ledger: ledger)
        defer { reopened.close() }
        #expect(reopened.notes.contains { $0.contains("adopted 1 entry") })
        let recovered = try AuditLogFile(run: folder.path).entries().last
        #expect(recovered?.event == "recovered")
        guard case .array(let rows)? = recovered?.field("rows"), case .object(let restated)? = rows.first else {
            Issue.record("no restated rows")
            return
        }
        #expect(restated.first { $0.name == "state" }?.value == .string("PENDING"))
        reopened.close()
        #expect(try await RunVerifier.verify(folder).problem == nil)
    }

    @Test func aLedgerRowTheLogDoesNotExplainIsNamed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path as NSString
        let folder = RunFolder(reports: path.deletingLastPathComponent, name: path.lastPathComponent)
        // A run started with its log, as `run` starts one.
        let ledger = try Ledger(path: folder.ledger)
        let audit = try await RunAudit.open(folder: folder, ledger: ledger)
        let record = RunRecord(
            name: "test", inputPath: "input.csv", inputSHA256: LedgerFixtures.digest,
            header: ["email", "request_type"],
            defaults: .init(), endpoint: nil, createdAt: "2026-11-22T00:00:00.000Z")
        try await audit.commit([
            .runStarted(inputSHA256: record.inputSHA256, settings: [:], endpoint: nil, targetID: nil, tool: "test")
        ]) { try await ledger.create(record) }
        try await ledger.ingest(
            [LedgerFixtures.valid(1, "a@example.com"), LedgerFixtures.valid(2, "b@example.com")], scope: .sandbox,
            complete: true)
        try await audit.commit([sent(1)]) { try await ledger.markSubmitting([1]) }
        #expect(try await RunVerifier.verify(folder).problem == nil)
        // A change made without the log: row 2 sent, as far as the ledger is concerned.
        try await ledger.markSubmitting([2])
        audit.close()
        let result = try await RunVerifier.verify(folder)
        #expect(result.problem?.row == 2)
        #expect(result.problem?.message.contains("no request sent") == true)
    }

    @Test func entriesNameShoppersOnlyBySubjectAndMarkResends() {
        let first = AuditEvent.sent(row: 3, operation: .retrieval, clientToken: "t", resend: false, subject: nil)
        let again = AuditEvent.sent(row: 3, operation: .retrieval, clientToken: "t", resend: true, subject: "ab12")
        #expect(first.name == "sent")
        #expect(again.name == "resent")
        #expect(first.fields.map(\.name) == ["row", "operation", "clientToken", "resend"])
        #expect(again.fields.last == AuditField("subject", "ab12"))
        let answer = AuditEvent(
            answer: SubmissionAnswer(row: 3, attempts: 1, result: .interrupted(sent: false, cause: nil)))
        #expect(
            answer == .answered(row: 3, taskId: nil, outcome: "not-sent", errorCode: nil, state: .pending, subject: nil)
        )
    }
}

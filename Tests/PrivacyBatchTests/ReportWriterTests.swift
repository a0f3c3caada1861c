import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct ReportWriterTests {
    @Test func writesEveryRowOnceAndSortsFailuresAndOpenOrders() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory,
            rows: [
                LedgerFixtures.valid(1, "done@example.com"),
                LedgerFixtures.valid(2, "open-orders@example.com"),
                LedgerFixtures.invalid(3, .emailInvalid, values: ["=cmd()", "deletion"]),
                LedgerFixtures.valid(4, "later@example.com"),
            ]
        )
        try await ledger.record([
            SubmissionAnswer(row: 1, attempts: 1, result: .accepted(taskId: "t1")),
            SubmissionAnswer(row: 2, attempts: 1, result: .accepted(taskId: "t2")),
        ])
        try await ledger.recordSnapshots([
            (1, TaskSnapshot(taskId: "t1", status: "COMPLETED", errors: [])),
            (
                2,
                TaskSnapshot(
                    taskId: "t2",
                    status: "FAILED",
                    errors: [.init(code: "ORDERS_NOT_CLOSED", message: "The shopper has one or more unclosed orders.")]
                )
            ),
        ])
        let folder = RunFolder(reports: directory.path, name: "test")
        try folder.create()
        let counts = try await ReportWriter(folder: folder).write(ledger: ledger)
        #expect(counts.rows == 4)
        #expect(counts[.completed] == 1)
        #expect(counts[.failed] == 1)
        #expect(counts[.invalid] == 1)
        #expect(counts[.notAttempted] == 1)

        let outcomes = try Samples.readRecords(folder.outcomes)
        #expect(outcomes.map { $0["row"] } == ["1", "2", "3", "4"])
        #expect(outcomes.map { $0["outcome"] } == ["COMPLETED", "FAILED", "INVALID", "NOT_ATTEMPTED"])
        #expect(outcomes[1]["error_code"] == "ORDERS_NOT_CLOSED")
        #expect(outcomes[2]["email"] == "'=cmd()")

        let failures = try Samples.readRecords(folder.failures)
        // Retry files carry the input's cells exactly (no spreadsheet prefix), and only rows a person must fix.
        #expect(failures.map { $0["email"] } == ["open-orders@example.com", "=cmd()"])
        let openOrders = try Samples.readCSV(folder.ordersNotClosed)
        #expect(openOrders == [["email", "request_type"], ["open-orders@example.com", "deletion"]])

        for file in [folder.outcomes, folder.failures, folder.ordersNotClosed, folder.summary] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.summary)))
        let outcomeCounts = (summary as? [String: Any])?["outcomes"] as? [String: Int]
        #expect(outcomeCounts?["FAILED"] == 1)
    }

    @Test func aRewriteWithoutPacingKeepsHowTheRunWasSubmitted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "done@example.com")])
        let folder = RunFolder(reports: directory.path, name: "test")
        try folder.create()
        let pacing = PacingSummary(requests: 12, throttled: 2, finalRate: 4.5, ceiling: nil)
        let submitted = ReportWriter.Context(settings: ["concurrency": "8"], elapsedSeconds: 3.5, pacing: pacing)
        try await ReportWriter(folder: folder).write(ledger: ledger, context: submitted)
        // What status, cancel and download do: rewrite the reports with no context of their own.
        try await ledger.record([SubmissionAnswer(row: 1, attempts: 1, result: .accepted(taskId: "t1"))])
        try await ReportWriter(folder: folder).write(ledger: ledger)
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.summary))
        let kept = try JSONDecoder().decode(StoredSubmission.self, from: data)
        #expect(kept.pacing == pacing)
        #expect(kept.settings == ["concurrency": "8"])
        #expect(kept.elapsedSeconds == 3.5)
        let summary = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((summary?["outcomes"] as? [String: Int])?["SUBMITTED"] == 1)
    }

    @Test func retryFilesMeanTheSameRequestWithoutTheFlagsTheRunWasGiven() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try Ledger(path: directory.file("ledger.sqlite"))
        try await ledger.create(
            RunRecord(
                name: "flags", inputPath: "input.csv", inputSHA256: LedgerFixtures.digest,
                header: ["email", "holding_period"],
                defaults: .init(type: .deletion, holdingPeriod: 30, reason: "- by flag"),
                endpoint: nil, createdAt: "2026-11-22T00:00:00.000Z"))
        let request = PrivacyRequest(
            type: .deletion, email: "-open-orders@example.com", holdingPeriod: 30, reason: "- by flag")
        let input = InputRow(row: 1, line: 2, values: ["-open-orders@example.com", ""], verdict: .valid(request))
        try await ledger.ingest([input], scope: .sandbox, complete: true)
        try await ledger.record([SubmissionAnswer(row: 1, attempts: 1, result: .accepted(taskId: "t1"))])
        try await ledger.recordSnapshots([
            (
                1,
                TaskSnapshot(
                    taskId: "t1", status: "FAILED", errors: [.init(code: "ORDERS_NOT_CLOSED", message: "=open")])
            )
        ])
        let folder = RunFolder(reports: directory.path, name: "flags")
        try folder.create()
        try await ReportWriter(folder: folder).write(ledger: ledger)
        #expect(
            try Samples.readCSV(folder.ordersNotClosed) == [
                ["email", "holding_period", "request_type", "reason"],
                ["-open-orders@example.com", "30", "deletion", "- by flag"],
            ])
        let failures = try Samples.readRecords(folder.failures)
        #expect(failures.map { $0["email"] } == ["-open-orders@example.com"])
        // The API's text is never submitted, so it keeps the spreadsheet prefix.
        #expect(failures.map { $0["error_message"] } == ["'=open"])
    }

    @Test func outcomeFollowsStateThenTaskStatus() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "a@example.com")])
        let row = try await ledger.allRows().last
        var stored = try #require(row)
        #expect(Outcome(stored) == .notAttempted)
        stored.state = .submitting
        #expect(Outcome(stored) == .error)
        stored.state = .submitted
        #expect(Outcome(stored) == .submitted)
        for (status, outcome) in [("ON_HOLD", Outcome.onHold), ("IN_PROGRESS", .inProgress), ("CANCELLED", .cancelled)]
        {
            stored.taskStatus = status
            #expect(Outcome(stored) == outcome)
        }
        stored.taskStatus = "SOMETHING_NEW"
        #expect(Outcome(stored) == .submitted)
    }
}

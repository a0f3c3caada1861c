import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger
import TestSupport
import Testing

/// A minimisation killed half-way (SIGKILL: no handler runs) leaves each row as it was or fully minimised, and
/// the next command completes the job.
@Suite struct MinimisationCrashTests {
    static let rows = 50_000

    static func email(_ row: Int) -> String { "crash.shopper.\(row)@example.com" }
    static func cells(_ row: Int) -> [String] { [email(row), "deletion", "T-\(row)"] }

    /// A sandbox run of `rows` completed deletions, written through the ledger as a run and its status would.
    static func finishedRun(reports: String, name: String) async throws -> RunFolder {
        let folder = RunFolder(reports: reports, name: name)
        try SecureFile.createDirectory(reports)
        try folder.create()
        let ledger = try Ledger(path: folder.ledger)
        var record = RunRecord(
            name: name, inputPath: "input.csv", inputSHA256: LedgerFixtures.digest,
            header: ["email", "request_type", "ticket"], defaults: .init(), endpoint: nil,
            createdAt: Timestamp.now())
        record.emailColumn = 0
        record.keptColumns = [1]
        record.recordKeyId = RecordKey.testing.id
        try await ledger.create(record)
        for start in stride(from: 1, through: rows, by: 10_000) {
            let numbers = start..<min(start + 10_000, rows + 1)
            try await ledger.ingest(
                numbers.map { row in
                    InputRow(
                        row: row, line: row + 1, values: RowCells(cells(row)),
                        verdict: .valid(PrivacyRequest(type: .deletion, email: email(row), holdingPeriod: 10)))
                }, scope: .sandbox, complete: numbers.upperBound > rows, validState: .submitting,
                recordKey: .testing)
            try await ledger.record(
                numbers.map { SubmissionAnswer(row: $0, attempts: 1, result: .accepted(taskId: "task-\($0)")) })
            try await ledger.recordSnapshots(
                numbers.map { ($0, TaskSnapshot(taskId: "task-\($0)", status: "COMPLETED")) })
        }
        try await ledger.checkpoint()
        return folder
    }

    /// Whether `row` is exactly as stored, or exactly as minimised: nothing in between.
    static func isWhole(_ row: LedgerRow) -> Bool {
        let untouched =
            row.minimisedAt == nil && row.email == email(row.row) && row.values == cells(row.row)
            && row.maskedEmail == nil
        let masked = MaskedEmail.mask(email(row.row))
        let minimised =
            row.minimisedAt != nil && row.email == nil && row.maskedEmail == masked
            && row.values == [masked, "deletion", ""]
        let proof = row.subject == RecordKey.testing.subject(of: email(row.row)) && row.taskStatus == "COMPLETED"
        return (untouched || minimised) && proof
    }

    @Test func aKilledForgetLeavesEveryRowWholeAndTheNextOneCompletesTheJob() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let folder = try await Self.finishedRun(reports: reports, name: "big")
        let watcher = try Ledger(path: folder.ledger)

        let child = try CLIProcess(["forget", "big", "--reports", reports], directory: directory.path)
        // The shared wait-until-condition: killed as soon as the first page of rows is minimised.
        try await eventually("forget has minimised some rows") {
            try await watcher.read { snapshot in
                var begun = false
                try snapshot.forEachRow { if $0.minimisedAt != nil { begun = true } }
                return begun
            }
        }
        child.signal(SIGKILL)
        #expect(await child.wait().status == 128 + SIGKILL)

        let after = try await watcher.allRows()
        #expect(after.count == Self.rows)
        let broken = after.filter { !Self.isWhole($0) }
        #expect(broken.isEmpty, "\(broken.prefix(3))")
        let done = after.filter { $0.minimisedAt != nil }.count
        #expect(done > 0)

        let again = try await CLIProcess.run(["forget", "big", "--reports", reports], directory: directory.path)
        #expect(again.status == 0, "\(again.stderr)")
        let finished = try await watcher.allRows()
        #expect(finished.allSatisfy { $0.minimisedAt != nil && Self.isWhole($0) })
        // The reports show every row minimised: a masked email and a time in each of the outcomes' rows.
        let outcomes = try String(contentsOfFile: folder.outcomes, encoding: .utf8)
        let lines = outcomes.split(whereSeparator: \.isNewline)
        #expect(lines.count == Self.rows + 1)
        #expect(lines.dropFirst().allSatisfy { $0.contains("c•••@example.com") && $0.contains(",COMPLETED,") })
        #expect(!outcomes.contains("crash.shopper."))
        let leftover = try PersonalDataScan.findings(
            of: [Self.email(1), Self.email(Self.rows / 2), Self.email(Self.rows)], under: reports)
        #expect(leftover.isEmpty, "\(leftover.map(\.file))")
    }
}

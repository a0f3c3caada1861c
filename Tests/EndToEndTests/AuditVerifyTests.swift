import AuditTrail
import Foundation
import GRDB
import PrivacyBatch
import TestSupport
import Testing

/// The audit log as commands write it in the sandbox, and `verify` catching each way of tampering with it.
@Suite(.serialized) struct AuditVerifyTests {
    /// One way of tampering, and where `verify` must point.
    enum Tampering: String, CaseIterable, Sendable {
        case editedLine, deletedLine, swappedLines, truncatedTail, forgedLineAppended, ledgerRowChanged, rebuiltLog
    }

    @Test func verifyPassesAfterEveryCommand() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("mixed.csv", reports: reports, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("audit head: seq "))
        try await expectVerified("mixed", reports: reports, in: directory)
        for command in [
            ["status", "mixed", "--watch"], ["download", "mixed", "--plaintext-archives"], ["follow-up"],
            ["handed-over", "mixed", "--all"], ["report", "mixed"], ["forget", "mixed", "--yes"],
        ] {
            let result = try await CLIProcess.run(command + ["--reports", reports], directory: directory.path)
            #expect([0, 1].contains(result.status), "\(command): \(result.stderr)")
            try await expectVerified("mixed", reports: reports, in: directory)
        }
        let log = try AuditLogFile(run: reports + "/mixed")
        let events = Set(try log.entries().map(\.event))
        #expect(
            events.isSuperset(of: ["run-started", "sent", "answer", "status", "archive-saved", "minimised"]))
        #expect(!log.lines.contains { $0.contains("@example") })
    }

    @Test func verifyPassesAfterRunWait() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("mixed.csv", reports: reports, in: directory, ["--wait"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try AuditLogFile(run: reports + "/mixed").entries().contains { $0.event == "status" })
        try await expectVerified("mixed", reports: reports, in: directory)
    }

    @Test func verifyPassesAfterACancel() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("deletions.csv", reports: reports, in: directory).status == 0)
        let cancel = try await CLIProcess.run(
            ["cancel", "deletions", "--all", "--reports", reports], directory: directory.path)
        #expect([0, 1].contains(cancel.status), "\(cancel.stderr)")
        #expect(cancel.stdout.contains("audit head: seq "))
        let events = try AuditLogFile(run: reports + "/deletions").entries().map(\.event)
        #expect(events.contains("cancelled") || events.contains("cancel-refused"))
        try await expectVerified("deletions", reports: reports, in: directory)
    }

    @Test(arguments: Tampering.allCases)
    func verifyCatchesTampering(_ tampering: Tampering) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let run = try await sandboxRun("mixed.csv", reports: reports, in: directory)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = reports + "/mixed"
        var log = try AuditLogFile(run: folder)
        let count = log.lines.count
        #expect(count > 8)
        var line: Int?
        var row: Int?
        switch tampering {
        case .editedLine:
            log.lines[2] = log.lines[2].replacingOccurrences(of: "\"resend\":false", with: "\"resend\":true")
            line = 4  // the line after the edited one no longer links to it
        case .deletedLine:
            log.lines.remove(at: 2)
            line = 3
        case .swappedLines:
            log.lines.swapAt(2, 3)
            line = 3
        case .truncatedTail:
            log.lines.removeLast(2)
            line = count - 1
        case .forgedLineAppended:
            log.lines.append(
                try log.forgedNext(event: "status", fields: [AuditField("row", 2), AuditField("new", "CANCELLED")]))
            line = count + 1
        case .ledgerRowChanged:
            let database = try DatabaseQueue(path: folder + "/ledger.sqlite")
            try await database.write { db in
                try db.execute(sql: "UPDATE row SET state = 'REJECTED', taskId = NULL WHERE row = 3")
            }
            row = 3
        case .rebuiltLog:
            log.lines = try log.rebuiltFromScratch()
            line = count  // the line at the ledger's head hashes differently
        }
        if tampering != .ledgerRowChanged { try log.write() }

        let result = try await RunVerifier.verify(RunFolder(reports: reports, name: "mixed"))
        #expect(result.problem?.line == line, "\(tampering): \(String(describing: result.problem))")
        #expect(result.problem?.row == row, "\(tampering): \(String(describing: result.problem))")
        let command = try await CLIProcess.run(
            ["verify", "mixed", "--reports", reports, "--json"], directory: directory.path)
        #expect(command.status == 1, "\(command.stderr)")
        #expect(command.stdout.contains("\"agrees\" : false"))
    }

    @Test func aTornLastLineIsCutWithANote() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("mixed.csv", reports: reports, in: directory).status == 0)
        let log = try AuditLogFile(run: reports + "/mixed")
        try log.appendRaw("{\"seq\":\(log.lines.count + 1),\"at\":\"2026-")
        let report = try await CLIProcess.run(["report", "mixed", "--reports", reports], directory: directory.path)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("torn last line"))
        #expect(report.stdout.contains("audit head: seq \(log.lines.count + 1) "))
        let recovered = try AuditLogFile(run: reports + "/mixed").entries().last
        #expect(recovered?.event == "recovered")
        #expect(recovered?.field("cutBytes") != .integer(0))
        try await expectVerified("mixed", reports: reports, in: directory)
    }

    @Test func entriesPastTheHeadFailVerifyUntilTheNextCommandAdoptsThem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("mixed.csv", reports: reports, in: directory).status == 0)
        let folder = RunFolder(reports: reports, name: "mixed")
        // A crash between the log's fsync and the ledger's commit: the entry says what the ledger never recorded.
        var log = try AuditLogFile(run: folder.path)
        log.lines.append(
            try log.forgedNext(
                event: "status",
                fields: [AuditField("row", 1), AuditField("old", .null), AuditField("new", "COMPLETED")]))
        try log.write()
        let before = try await RunVerifier.verify(folder)
        #expect(before.problem?.line == log.lines.count)
        #expect(before.problem?.message.contains("never committed") == true)

        let report = try await CLIProcess.run(["report", "mixed", "--reports", reports], directory: directory.path)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("adopted 1 entry"))
        let recovered = try AuditLogFile(run: folder.path).entries().last
        #expect(recovered?.event == "recovered")
        #expect(recovered?.field("adopted") == .integer(1))
        try await expectVerified("mixed", reports: reports, in: directory)
    }

    @Test func aRunFromBeforeTheLogStartsOneWithItsCounts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("mixed.csv", reports: reports, in: directory).status == 0)
        let folder = reports + "/mixed"
        try FileManager.default.removeItem(atPath: folder + "/audit.jsonl")
        let database = try DatabaseQueue(path: folder + "/ledger.sqlite")
        try await database.write { db in try db.execute(sql: "UPDATE run SET auditSeq = NULL, auditHash = NULL") }
        let unopened = try await CLIProcess.run(["verify", "mixed", "--reports", reports], directory: directory.path)
        #expect(unopened.status == 1)
        #expect(unopened.stdout.contains("no audit log yet"))
        let all = try await CLIProcess.run(
            ["verify", "--all", "--json", "--reports", reports], directory: directory.path)
        #expect(all.status == 1)
        #expect(all.stdout.contains("\"command\" : \"verify --all\""))

        let status = try await CLIProcess.run(["status", "mixed", "--reports", reports], directory: directory.path)
        #expect([0, 1].contains(status.status), "\(status.stderr)")
        let first = try AuditLogFile(run: folder).entries().first
        #expect(first?.event == "audit-started")
        #expect(first?.field("counts") == .object([AuditField("SUBMITTED", 8)]))
        try await expectVerified("mixed", reports: reports, in: directory)
    }

    /// `verify RUN` exits 0 and says so.
    private func expectVerified(
        _ run: String, reports: String, in directory: TemporaryDirectory,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let result = try await CLIProcess.run(["verify", run, "--reports", reports], directory: directory.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains("audit log verified"), sourceLocation: sourceLocation)
    }
}

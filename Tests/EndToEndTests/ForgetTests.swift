import Foundation
import PrivacyBatch
import PrivacyBatchLedger
import TestSupport
import Testing

/// `forget RUN --purge`: the run goes, and no byte of its shoppers' emails stays in the reports folder.
@Suite struct ForgetTests {
    @Test func aPurgedRunLeavesNoEmailOfItsShoppersInAnyByteOfTheReportsFolder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("mixed.csv", reports: reports, in: directory, ["--quiet"]).status != 2)
        #expect(try await sandboxRun("retrievals.csv", reports: reports, in: directory, ["--quiet"]).status != 2)
        // In mixed.csv only, not in retrievals.csv (whose run stays).
        let gone = ["barbara.liskov@example.com", "donald.knuth@example.com", "open-orders.buyer@example.com"]
        #expect(try !PersonalDataScan.findings(of: gone, under: reports).isEmpty)

        let refused = try await CLIProcess.run(
            ["forget", "mixed", "--purge", "--reports", reports], directory: directory.path)
        #expect(refused.status == 2)  // no terminal, no --yes
        #expect(FileManager.default.fileExists(atPath: reports + "/mixed/ledger.sqlite"))

        let purged = try await CLIProcess.run(
            ["forget", "mixed", "--purge", "--yes", "--reports", reports], directory: directory.path)
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: reports + "/mixed"))
        let left = try PersonalDataScan.findings(of: gone, under: reports)
        #expect(left.isEmpty, "\(left.map { "\($0.email) in \($0.file)" })")
        // No entry of the run stays in the request index, nor in its WAL: not even the run's name.
        let index = RequestIndex.path(reports: reports)
        for file in [index, index + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("mixed".utf8)) == nil, "\(file)")
        }
        let runs = try await CLIProcess.run(["runs", "--reports", reports], directory: directory.path)
        #expect(runs.stdout.contains("retrievals"))
        #expect(!runs.stdout.contains("mixed"))
        // The tool no longer knows what the run sent: the same file is a new run whose shoppers are sent again.
        #expect(try await sandboxRun("mixed.csv", reports: reports, in: directory, ["--quiet"]).status != 2)
        let resent = try await Ledger(path: reports + "/mixed/ledger.sqlite").allRows()
        #expect(!resent.isEmpty)
        #expect(!resent.contains { $0.state == .alreadyRequested })
    }

    @Test func theIndexEntriesOfAFolderDeletedByHandArePurgedWithANote() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("deletions.csv", reports: reports, in: directory, ["--quiet"]).status != 2)
        try FileManager.default.removeItem(atPath: reports + "/deletions")
        let purged = try await CLIProcess.run(
            ["forget", "deletions", "--purge", "--yes", "--reports", reports], directory: directory.path)
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(purged.stderr.contains("deleted by hand"))
        let index = try Data(contentsOf: URL(fileURLWithPath: reports + "/requests.sqlite"))
        #expect(index.range(of: Data("ada.lovelace@example.com".utf8)) == nil)
    }
}

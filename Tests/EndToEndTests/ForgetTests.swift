import Foundation
import PrivacyBatch
import TestSupport
import Testing

/// `forget RUN --purge`: the run goes, and no byte of its shoppers' emails stays in the reports folder.
@Suite struct ForgetTests {
    /// Every regular file under `folder`, the sandbox's (the API's own state) left out.
    static func files(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let name = enumerator?.nextObject() as? String {
            guard !name.hasPrefix(".sandbox") else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(path)
            }
        }
        return found
    }

    @Test func aPurgedRunLeavesNoEmailOfItsShoppersInAnyByteOfTheReportsFolder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        #expect(try await sandboxRun("mixed.csv", reports: reports, in: directory, ["--quiet"]).status != 2)
        #expect(try await sandboxRun("retrievals.csv", reports: reports, in: directory, ["--quiet"]).status != 2)
        // In mixed.csv only, not in retrievals.csv (whose run stays).
        let gone = ["barbara.liskov@example.com", "donald.knuth@example.com", "open-orders.buyer@example.com"]
        let before = try Self.files(under: reports).map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(before.contains { $0.range(of: Data(gone[0].utf8)) != nil })

        let refused = try await CLIProcess.run(
            ["forget", "mixed", "--purge", "--reports", reports], directory: directory.path)
        #expect(refused.status == 2)  // no terminal, no --yes
        #expect(FileManager.default.fileExists(atPath: reports + "/mixed/ledger.sqlite"))

        let purged = try await CLIProcess.run(
            ["forget", "mixed", "--purge", "--yes", "--reports", reports], directory: directory.path)
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: reports + "/mixed"))
        for path in Self.files(under: reports) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for email in gone { #expect(bytes.range(of: Data(email.utf8)) == nil, "\(email) in \(path)") }
        }
        let runs = try await CLIProcess.run(["runs", "--reports", reports], directory: directory.path)
        #expect(runs.stdout.contains("retrievals"))
        #expect(!runs.stdout.contains("mixed"))
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

import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// `privacy-batch forget RUN --purge`: removes a run and every trace of it the tool keeps.
struct ForgetCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove a run entirely: its ledger, reports, archives and its entries in the request index.",
        discussion: """
            Only --purge is available yet (minimising a run in place, and forgetting one shopper across runs, \
            are to come). The index entries are overwritten in the file (SQLite secure_delete, WAL emptied), so \
            no email of the run is left in the reports folder. Afterwards the tool no longer knows which requests \
            the run sent: a later file with the same shoppers is sent again. A run whose folder was deleted by \
            hand has its index entries removed the same way. Asks for confirmation, or takes --yes.

            Examples:
              privacy-batch forget q1-deletions --purge
              privacy-batch forget q1-deletions --purge --yes
            """
    )

    @Argument(help: "The run's name under --reports.")
    var run: String

    @Flag(help: "Remove the run entirely (required: the only form yet).")
    var purge = false

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard purge else {
            throw ValidationError("give --purge: removing the run entirely is the only form of forget yet")
        }
    }

    func run() async throws {
        let reports = reportsOptions.reports
        try RunFolder.checkName(run)
        let folder = RunFolder(reports: reports, name: run)
        try folder.checkIfPresent()
        let indexPath = RequestIndex.path(reports: reports)
        guard folder.hasLedger || FileManager.default.fileExists(atPath: indexPath) else {
            throw ConfigurationError("no run '\(run)' under \(reports)/ and no request index there: nothing to forget")
        }
        // Held to the end: no other command works on the run while it goes.
        let lock: RunLock? = folder.hasLedger ? try RunLock(folder: folder) : nil
        if !yes {
            guard Console.stdinIsTerminal else {
                throw ConfigurationError(
                    "forgetting run '\(run)' removes it for good: add --yes when there is no terminal")
            }
            Console.note("This removes run '\(run)' for good: its ledger, reports and archives. Type 'purge \(run)':")
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "purge \(run)" else {
                throw ConfigurationError("not confirmed; nothing was removed")
            }
        }
        var removedEntries = 0
        if FileManager.default.fileExists(atPath: indexPath) {
            removedEntries = try await RequestIndex(reports: reports).purge(run: run)
        }
        var removedFolder = false
        if FileManager.default.fileExists(atPath: folder.path) {
            // removeItem deletes links themselves, never what they point to.
            try FileManager.default.removeItem(atPath: folder.path)
            try SecureFile.syncFolder(of: folder.path)
            removedFolder = true
        }
        withExtendedLifetime(lock) {}
        if !removedFolder && removedEntries > 0 {
            Console.note(
                "run '\(run)' had no folder (deleted by hand): its \(removedEntries) index entries are removed")
        }
        Console.out(
            "forgot run '\(run)': folder \(removedFolder ? "removed" : "absent"), \(removedEntries) index entries removed"
        )
        var document = CommandDocument(command: "forget")
        document.details = ["indexEntriesRemoved": removedEntries, "folderRemoved": removedFolder ? 1 : 0]
        try document.finish()
    }
}

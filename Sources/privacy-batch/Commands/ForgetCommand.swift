import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// `privacy-batch forget`: keep proof, not personal data, now. Minimises a run (`forget RUN`), one shopper across
/// every run (`forget --email`), or removes a run entirely (`forget RUN --purge`).
struct ForgetCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Minimise a run now, forget one shopper across every run, or remove a run entirely.",
        discussion: """
            forget RUN replaces the email and cells of every row the tool no longer needs by the shopper's keyed \
            hash and masked email now, whatever --retain-pii says. Rows still to be sent, in flight or with an \
            open task keep their values (exit 1 names how many): the request is still carried out.

            forget --email ADDRESS (or --emails FILE, one address per line) finds that shopper's rows in every \
            run by keyed hash and minimises them: a shopper asking to be forgotten by this tool too. The request \
            index keeps the keyed hash, so the same shopper in a later file is still not sent twice.

            forget RUN --purge removes the run entirely: its ledger, reports, archives and its entries in the \
            request index (overwritten in the file: SQLite secure_delete, WAL emptied). Afterwards the tool no \
            longer knows which requests the run sent: a later file with the same shoppers is sent again. Asks \
            for confirmation, or takes --yes.

            Every form also removes the index entries of run folders deleted by hand, with a note.

            Examples:
              privacy-batch forget q1-deletions
              privacy-batch forget --email shopper@example.com
              privacy-batch forget q1-deletions --purge --yes
            """
    )

    @Argument(help: "The run's name under --reports (not with --email).")
    var run: String?

    @Flag(help: "Remove the run entirely.")
    var purge = false

    @Option(help: ArgumentHelp("A shopper to forget in every run; repeat for more.", valueName: "address"))
    var email: [String] = []

    @Option(help: ArgumentHelp("A file of shoppers to forget, one address per line.", valueName: "file"))
    var emails: String?

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let byShopper = !email.isEmpty || emails != nil
        if byShopper && run != nil {
            throw ValidationError("give a run or --email/--emails, not both")
        }
        if !byShopper && run == nil {
            throw ValidationError("give the run to forget, or --email ADDRESS / --emails FILE")
        }
        if purge && run == nil { throw ValidationError("--purge needs the run to remove") }
    }

    func run() async throws {
        let reports = reportsOptions.reports
        var document = CommandDocument(command: "forget")
        let keyring = RecordKeyring(reports: reports)
        if let run, purge {
            try await purgeRun(run, reports: reports, document: &document)
        } else if let run {
            try await minimiseRun(run, reports: reports, document: &document)
        } else {
            try await forgetShoppers(reports: reports, keyring: keyring, document: &document)
        }
        try await forgetDeletedRuns(reports: reports, keyring: keyring)
        keyring.printNotes()
        try document.finish()
    }

    /// `forget RUN`: every row the tool no longer needs, minimised now.
    private func minimiseRun(_ run: String, reports: String, document: inout CommandDocument) async throws {
        let existing = try await ExistingRun(run, reports: reports)
        let tally = try await Minimiser(
            folder: existing.folder, ledger: existing.ledger, record: existing.record, audit: existing.audit
        )
        .minimise(.everything)
        MinimisationPrinter.print(tally)
        let counts = try await existing.writeReports()
        document.describe(existing.folder, endpoint: existing.record.endpoint, counts: counts)
        document.noteAuditHead(existing.audit)
        document.details = [
            "minimised": tally.minimised, "inUse": tally.inUse, "archivesDeleted": tally.archivesDeleted,
        ]
        if tally.inUse > 0 {
            let message =
                "\(tally.inUse) rows keep their values: they are still to be sent, in flight or have an open task. "
                + "Finish them (run, status --watch, follow-up) and forget again"
            Console.note(message)
            document.exitCode = ExitStatus.rowProblems
            document.message = message
        } else {
            Console.out(
                "forgot run '\(existing.folder.name)': every row keeps only its keyed hash, masked email and proof")
        }
    }

    /// `forget --email`: the shoppers' rows in every run, minimised now.
    private func forgetShoppers(
        reports: String, keyring: RecordKeyring, document: inout CommandDocument
    ) async throws {
        var addresses = email
        if let emails { addresses += try Self.addresses(in: emails) }
        let results = try await ShopperForgetting(reports: reports, keyring: keyring).forget(emails: addresses)
        var minimised = 0
        var inUse = 0
        var problems = 0
        for result in results {
            minimised += result.minimised
            inUse += result.inUse
            if let problem = result.problem {
                problems += 1
                Console.note("run '\(result.run)': \(problem)")
            } else {
                Console.out(
                    "run '\(result.run)': \(result.minimised) rows minimised, \(result.alreadyMinimised) already, \(result.inUse) still in use"
                )
            }
        }
        Console.out(
            "forgot \(addresses.count) shoppers: \(minimised) rows minimised in \(results.count) runs; \(inUse) rows still in use"
        )
        document.details = [
            "shoppers": addresses.count, "runs": results.count, "minimised": minimised, "inUse": inUse,
            "problems": problems,
        ]
        if inUse > 0 || problems > 0 {
            document.exitCode = ExitStatus.rowProblems
            document.message =
                "\(inUse) rows keep their values while the tool still needs them, \(problems) runs could not be searched: forget again later"
            Console.note(document.message ?? "")
        }
    }

    /// The addresses in `path`: one per line; blank lines, `#` comments and an `email` header line are skipped.
    static func addresses(in path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigurationError("--emails \(path) cannot be read as UTF-8 text (one address per line)")
        }
        var addresses: [String] = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || (number == 0 && line.lowercased() == "email") { continue }
            guard line.contains("@"), !line.contains(","), !line.contains(" ") else {
                throw ConfigurationError(
                    "--emails \(path) line \(number + 1) is not one address (one per line, nothing else on it)")
            }
            addresses.append(line)
        }
        guard !addresses.isEmpty else { throw ConfigurationError("--emails \(path) holds no address") }
        return addresses
    }

    /// Removes the index entries of run folders deleted by hand, and says so.
    private func forgetDeletedRuns(reports: String, keyring: RecordKeyring) async throws {
        guard FileManager.default.fileExists(atPath: RequestIndex.path(reports: reports)) else { return }
        for (run, entries) in try await RequestIndex(reports: reports, keyring: keyring).forgetMissingRuns() {
            Console.note(
                "run '\(run)' has no folder any more (deleted by hand): its \(entries) index entries are removed")
        }
    }

    /// `forget RUN --purge`.
    private func purgeRun(_ run: String, reports: String, document: inout CommandDocument) async throws {
        try RunFolder.checkName(run)
        let folder = RunFolder(reports: reports, name: run)
        try folder.checkIfPresent()
        let indexPath = RequestIndex.path(reports: reports)
        // A folder without a ledger is `validate`'s: its invalid-rows.csv holds the file's cells, and goes the same way.
        guard FileManager.default.fileExists(atPath: folder.path) || FileManager.default.fileExists(atPath: indexPath)
        else {
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
            removedEntries = try await RequestIndex(reports: reports, keyring: RecordKeyring(reports: reports))
                .purge(run: run)
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
        document.details = ["indexEntriesRemoved": removedEntries, "folderRemoved": removedFolder ? 1 : 0]
    }
}

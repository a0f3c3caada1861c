import ArgumentParser
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore

/// `privacy-batch download RUN [--to DIR]`: saves the archives of completed retrievals.
struct DownloadCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download the archive of every COMPLETED retrieval of a run (row-<row>.zip.age, or row-<row>.zip).",
        discussion: """
            Archives are encrypted as they stream to disk, to the age recipients given (the standard age tool \
            opens them: age -d -i key.txt row-7.zip.age > row-7.zip); from a real endpoint a download without \
            one needs --plaintext-archives. Links expire 60 seconds after issue; an expired link is replaced by \
            querying the task again. Archives already on disk are skipped.

            Examples:
              privacy-batch download shoppers --archive-recipient age1…
              privacy-batch download shoppers --to /secure/archives --archive-recipients-file dpo.txt
            """
    )

    @Argument(help: "The run's name (under --reports) or its folder.")
    var run: String

    @Option(help: "Folder for the archives (default: <reports>/<run>/data).")
    var to: String?

    @Option(help: "Refuse any archive larger than this, checked while it streams to disk (bytes, or 512M, 2G).")
    var maxArchiveSize = ByteSize(bytes: PrivacyAPIClient.defaultMaxArchiveSize)

    @OptionGroup var archiveOptions: ArchiveOptions
    @OptionGroup var endpointOptions: EndpointOptions
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var retention: RetentionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let existing = try await ExistingRun(run, reports: reportsOptions.reports)
        let endpoint = try existing.endpoint(endpointOptions)
        let protection = try archiveOptions.protection(for: existing.record)
        let pending = try await TaskTracker.archivesToDownloadCount(in: existing.ledger)
        Console.out("archives to download: \(pending)")
        let directory = to ?? existing.folder.archives
        let swept = try await existing.folder.sweepPartialArchives()
        if swept > 0 { Console.note("removed \(swept) partial archive files a stopped download left") }
        // A --to that is a link, someone else's or writable by others is refused before any request.
        if let to { try SecureFile.createDirectory(to) }
        let stop = StopSignal()
        var failed = 0
        var saved = 0
        if pending > 0 {
            let tally = try await existing.withTracker(
                endpoint: endpoint,
                reports: reportsOptions.reports,
                settings: submission.settings,
                stop: stop,
                progress: (pending, "archives")
            ) { tracker, _ in
                try await tracker.downloadArchives(
                    into: directory, ledger: existing.ledger, protection: protection,
                    maxArchiveSize: maxArchiveSize.bytes)
            }
            Console.out("saved \(tally.saved) archives in \(directory); failed \(tally.failed)")
            failed = tally.failed
            saved = tally.saved
        }
        let counts = try await existing.writeReports(retention: retention)
        var document = existing.document(command: "download", counts: counts)
        document.reports?["archives"] = directory
        document.details = ["toDownload": pending, "saved": saved, "failed": failed]
        if failed > 0 { document.exitCode = ExitStatus.rowProblems }
        if let reason = stop.reason {
            document.exitCode = reason.exitCode
            document.message = reason.explanation
        }
        try document.finish()
    }
}

import ArgumentParser
import PrivacyBatch

/// `privacy-batch download RUN [--to DIR]`: saves the archives of completed retrievals.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download the archive of every COMPLETED retrieval of a run (files 0600, named row-<row>.zip).",
        discussion:
            "Links expire 60 seconds after issue; an expired link is replaced by querying the task again. Archives already on disk are skipped."
    )

    @Argument(help: "The run's name (under --reports) or its folder.")
    var run: String

    @Option(help: "Folder for the archives (default: <reports>/<run>/data).")
    var to: String?

    @OptionGroup var endpointOptions: EndpointOptions
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var reportsOptions: ReportsOptions

    func run() async throws {
        let existing = try ExistingRun(run, reports: reportsOptions.reports)
        let endpoint = try existing.endpoint(endpointOptions)
        let pending = try await TaskTracker.archivesToDownloadCount(in: existing.ledger)
        Console.out("archives to download: \(pending)")
        let directory = to ?? existing.folder.archives
        let stop = StopSignal()
        var failed = 0
        if pending > 0 {
            let tally = try await existing.withTracker(
                endpoint: endpoint,
                reports: reportsOptions.reports,
                settings: submission.settings,
                stop: stop
            ) { tracker, _ in
                try await tracker.downloadArchives(into: directory, ledger: existing.ledger)
            }
            Console.out("saved \(tally.saved) archives in \(directory); failed \(tally.failed)")
            failed = tally.failed
        }
        try await existing.writeReports()
        if let reason = stop.reason { throw ExitCode(reason.exitCode) }
        if failed > 0 { throw ExitCode(ExitStatus.rowProblems) }
    }
}

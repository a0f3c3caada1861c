import ArgumentParser
import Foundation
import PrivacyBatch

/// `privacy-batch status RUN [--watch]`: asks the API where the run's open tasks stand.
struct StatusCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Query every open task of a run, record the answers and rewrite the reports.",
        discussion: """
            --watch repeats until every task is final or Ctrl-C; an ON_HOLD task is checked after its holding \
            period, not every few seconds.

            Examples:
              privacy-batch status shoppers
              privacy-batch status shoppers --watch
              privacy-batch status shoppers --json -q    # cron: one JSON document
            """
    )

    @Argument(help: "The run's name (under --reports) or its folder.")
    var run: String

    @Flag(help: "Keep following until every task is final.")
    var watch = false

    @OptionGroup var endpointOptions: EndpointOptions
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var retention: RetentionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let existing = try await ExistingRun(run, reports: reportsOptions.reports)
        let endpoint = try existing.endpoint(endpointOptions)
        let stop = StopSignal()
        let watch = watch
        // The first round queries every open task: at a real quota that takes minutes, so it shows progress.
        let open = try await existing.ledger.openTaskCount()
        try await existing.withTracker(
            endpoint: endpoint,
            reports: reportsOptions.reports,
            settings: submission.settings,
            stop: stop,
            progress: (open, watch ? "task queries (first round)" : "tasks queried")
        ) { tracker, session in
            try await Self.follow(existing, tracker: tracker, isSandbox: session.isSandbox, watch: watch)
        }
        let counts = try await existing.writeReports(retention: retention)
        var document = existing.document(command: "status", counts: counts)
        if let reason = stop.reason {
            Console.note(reason.explanation)
            document.exitCode = reason.exitCode
            document.message = reason.explanation
        }
        try document.finish()
    }

    /// Refreshes the run's open tasks once, or until all are final with `watch`. Shared with `run --wait`.
    static func follow(_ existing: ExistingRun, tracker: TaskTracker, isSandbox: Bool, watch: Bool) async throws {
        let open = try await existing.ledger.openTaskCount()
        Console.note("following \(open) open tasks of run '\(existing.record.name)'")
        if watch {
            var throttle = ReportThrottle()
            try await tracker.watch(ledger: existing.ledger, schedule: ExistingRun.schedule(isSandbox: isSandbox)) {
                remaining in
                let start = ContinuousClock.now
                if throttle.isDue(at: start) {
                    try await ReportWriter(folder: existing.folder).write(ledger: existing.ledger)
                    throttle.wrote(from: start, to: .now)
                }
                Console.note(
                    WatchLine.describe(try await existing.ledger.openTaskGroups(), remaining: remaining, now: Date()))
            }
        } else {
            let tally = try await tracker.refreshOpen(ledger: existing.ledger, schedule: nil)
            Console.note(
                "refreshed \(tally.refreshed) tasks; unknown to the API: \(tally.unknown); queries given up: \(tally.failed)"
            )
        }
    }
}

import ArgumentParser
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// `privacy-batch events apply RUN FILE`: refreshes exactly the tasks that EventBridge events name.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Use Buy with Prime EventBridge events instead of polling.",
        subcommands: [Apply.self]
    )

    struct Apply: AsyncParsableCommand, OutputShaping {
        static let configuration = CommandConfiguration(
            abstract:
                "Read events (a JSON array, JSON lines, or SQS bodies wrapping them) and refresh the tasks they name.",
            discussion: """
                In the sandbox, the simulator writes its events to <reports>/.sandbox/events.jsonl. A file \
                without a single event is refused (exit 2).

                Example:
                  privacy-batch events apply shoppers events.jsonl
                """
        )

        @Argument(help: "The run's name (under --reports) or its folder.")
        var run: String

        @Argument(help: "The events file.")
        var file: String

        @OptionGroup var endpointOptions: EndpointOptions
        @OptionGroup var submission: SubmissionOptions
        @OptionGroup var reportsOptions: ReportsOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let existing = try await ExistingRun(run, reports: reportsOptions.reports)
            let endpoint = try existing.endpoint(endpointOptions)
            let events: EventFile
            do {
                events = try await BlockingWork.run { [file] in try EventFile(path: file) }
            } catch {
                throw ConfigurationError("cannot read events file \(file): \(error.localizedDescription)")
            }
            for line in events.malformed.prefix(10) {
                Console.note("line \(line.line): skipped (\(line.reason))")
            }
            if events.malformed.count > 10 { Console.note("… and \(events.malformed.count - 10) more lines skipped") }
            guard events.events > 0 else {
                throw ConfigurationError(
                    "\(file) holds no Buy with Prime task event (\(events.malformed.count) lines skipped); give the JSON array, JSON lines or SQS bodies the event rule delivers"
                )
            }
            // Staged in the ledger and read back in pages, so the rows named are never all held at once.
            try await existing.ledger.clearSelection()
            for start in stride(from: 0, to: events.taskIds.count, by: 1024) {
                let end = min(start + 1024, events.taskIds.count)
                let batch = (start..<end).map { (value: events.taskIds[$0], line: $0 + 1) }
                try await existing.ledger.stageSelection(.taskId, values: batch)
            }
            let scope = Ledger.Scope.staged(.taskId)
            let rows = try await existing.ledger.submittedCount(scope)
            Console.out(
                "events: \(events.events); tasks named: \(events.taskIds.count); in this run: \(rows); unknown: \(events.taskIds.count - rows); malformed lines: \(events.malformed.count)"
            )
            let stop = StopSignal()
            var refreshed = 0
            if rows > 0 {
                let tally = try await existing.withTracker(
                    endpoint: endpoint,
                    reports: reportsOptions.reports,
                    settings: submission.settings,
                    stop: stop,
                    progress: (rows, "tasks refreshed")
                ) { tracker, _ in
                    try await tracker.refresh(scope, ledger: existing.ledger)
                }
                Console.out("refreshed \(tally.refreshed) tasks")
                refreshed = tally.refreshed
            }
            let counts = try await existing.writeReports()
            var document = existing.document(command: "events apply", counts: counts)
            document.details = [
                "events": events.events, "tasksNamed": events.taskIds.count, "inThisRun": rows,
                "unknown": events.taskIds.count - rows, "malformedLines": events.malformed.count,
                "refreshed": refreshed,
            ]
            if let reason = stop.reason {
                document.exitCode = reason.exitCode
                document.message = reason.explanation
            }
            try document.finish()
        }
    }
}

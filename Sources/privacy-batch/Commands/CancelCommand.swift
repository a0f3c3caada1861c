import ArgumentParser
import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// `privacy-batch cancel RUN (--all | --rows FILE)`: cancels deletions still in their holding period.
struct CancelCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a run's deletion tasks that are still ON_HOLD (within their holding period).",
        discussion: """
            --rows takes a CSV with an email, row or task_id column, e.g. an edited copy of outcomes.csv. \
            Retrievals cannot be cancelled and are refused locally.

            Examples:
              privacy-batch cancel shoppers --all --dry-run   # what would go
              privacy-batch cancel shoppers --all
              privacy-batch cancel shoppers --rows pick.csv
            """
    )

    @Argument(help: "The run's name (under --reports) or its folder.")
    var run: String

    @Flag(help: "Cancel every deletion of the run that is not final.")
    var all = false

    @Option(help: "A CSV naming the rows to cancel by email, row or task_id.")
    var rows: String?

    @Flag(help: "Show what would be cancelled; send nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation against a real endpoint.")
    var yes = false

    @OptionGroup var endpointOptions: EndpointOptions
    @OptionGroup var submission: SubmissionOptions
    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard all != (rows != nil) else { throw ValidationError("give exactly one of --all or --rows FILE") }
    }

    func run() async throws {
        let existing = try await ExistingRun(run, reports: reportsOptions.reports)
        let endpoint = try existing.endpoint(endpointOptions)
        var unmatchedSelectors = 0
        let scope = try await selection(existing)
        if case .staged(let key) = scope {
            let unmatched = try await existing.ledger.unmatchedSelection(key, first: 10)
            if unmatched.count > 0 {
                let lines = unmatched.lines.map(String.init).joined(separator: ", ")
                Console.note(
                    "\(unmatched.count) selectors in \(rows ?? "the file") match no row of run '\(existing.record.name)': "
                        + "lines \(lines)\(unmatched.count > unmatched.lines.count ? ", …" : "")")
            }
            unmatchedSelectors = unmatched.count
        }
        let plan = try await CancelPlan(scope: scope, ledger: existing.ledger)
        let candidates = plan.candidates
        if plan.retrievals > 0 {
            Console.note(
                "refused locally: \(plan.retrievals) retrieval rows (retrieval tasks cannot be cancelled): rows \(Self.list(plan.firstRetrievals, of: plan.retrievals))"
            )
        }
        if plan.finished > 0 {
            Console.note(
                "skipped: \(plan.finished) deletions already final: rows \(Self.list(plan.firstFinished, of: plan.finished))"
            )
        }
        Console.out("to cancel: \(candidates) deletion tasks")
        var document = existing.document(command: "cancel", counts: nil)
        document.details = [
            "toCancel": candidates, "retrievalsRefused": plan.retrievals, "alreadyFinal": plan.finished,
            "unmatchedSelectors": unmatchedSelectors,
        ]
        // A selector that names no row is input the operator must fix, like an invalid row.
        if unmatchedSelectors > 0 { document.exitCode = ExitStatus.rowProblems }
        if dryRun || candidates == 0 {
            try document.finish()
            return
        }
        if let endpoint, !yes {
            guard Console.stdinIsTerminal else {
                throw ConfigurationError(
                    "cancelling \(candidates) deletions at \(endpoint) needs --yes when there is no terminal")
            }
            Console.note(
                "Type 'cancel \(candidates)' to cancel \(candidates) deletion tasks at \(endpoint):")
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "cancel \(candidates)" else {
                throw ConfigurationError("not confirmed; nothing was sent")
            }
        }
        let stop = StopSignal()
        let tally = try await existing.withTracker(
            endpoint: endpoint,
            reports: reportsOptions.reports,
            settings: submission.settings,
            stop: stop,
            progress: (candidates, "tasks cancelled")
        ) { tracker, _ in
            try await tracker.cancel(scope, ledger: existing.ledger)
        }
        Console.out("cancelled \(tally.cancelled); refused by the API \(tally.refused); given up \(tally.failed)")
        let counts = try await existing.writeReports()
        document.describe(existing.folder, endpoint: existing.record.endpoint, counts: counts)
        document.exitCode = ExitStatus.forRun(counts)
        document.noteAuditHead(existing.audit)
        document.details?["cancelled"] = tally.cancelled
        document.details?["refused"] = tally.refused
        document.details?["failed"] = tally.failed
        if tally.refused + tally.failed + unmatchedSelectors > 0 { document.exitCode = ExitStatus.rowProblems }
        if let reason = stop.reason {
            document.exitCode = reason.exitCode
            document.message = reason.explanation
        }
        try document.finish()
    }

    /// The rows `--all` or `--rows FILE` name; a file's values are staged in the ledger, not held.
    private func selection(_ run: ExistingRun) async throws -> Ledger.Scope {
        guard let rows else { return .all }
        return try await RowSelectorFile(path: rows).stage(into: run.ledger, recordKey: run.recordKey)
    }

    private static func list(_ rows: [Int], of count: Int) -> String {
        let numbers = rows.map(String.init).joined(separator: ", ")
        return count > rows.count ? numbers + ", …" : numbers
    }
}

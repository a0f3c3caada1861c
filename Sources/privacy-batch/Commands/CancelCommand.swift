import ArgumentParser
import Foundation
import PrivacyBatch

/// `privacy-batch cancel RUN (--all | --rows FILE)`: cancels deletions still in their holding period.
struct CancelCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a run's deletion tasks that are still ON_HOLD (within their holding period).",
        discussion: """
            --rows takes a CSV with an email, row or task_id column, e.g. an edited copy of outcomes.csv. \
            Retrievals cannot be cancelled and are refused locally.

            Examples:
              privacy-batch cancel shoppers --all --dry-run     # what would be cancelled
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
        let existing = try ExistingRun(run, reports: reportsOptions.reports)
        let endpoint = try existing.endpoint(endpointOptions)
        let selected = try selection(existing.ledger)
        let retrievals = selected.filter { $0.type == .retrieval }
        let finished = selected.filter { $0.type == .deletion && $0.taskStatus.map(TaskStatus.isTerminal) == true }
        let candidates = selected.filter {
            $0.type == .deletion && !($0.taskStatus.map(TaskStatus.isTerminal) ?? false)
        }
        if !retrievals.isEmpty {
            Console.note(
                "refused locally: \(retrievals.count) retrieval rows (retrieval tasks cannot be cancelled): rows \(Self.list(retrievals))"
            )
        }
        if !finished.isEmpty {
            Console.note("skipped: \(finished.count) deletions already final: rows \(Self.list(finished))")
        }
        Console.out("to cancel: \(candidates.count) deletion tasks")
        var document = existing.document(command: "cancel", counts: nil)
        document.details = [
            "selected": selected.count, "toCancel": candidates.count, "retrievalsRefused": retrievals.count,
            "alreadyFinal": finished.count,
        ]
        if dryRun || candidates.isEmpty {
            try document.finish()
            return
        }
        if let endpoint, !yes {
            guard Console.stdinIsTerminal else {
                throw ConfigurationError(
                    "cancelling \(candidates.count) deletions at \(endpoint) needs --yes when there is no terminal")
            }
            Console.note(
                "Type 'cancel \(candidates.count)' to cancel \(candidates.count) deletion tasks at \(endpoint):")
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "cancel \(candidates.count)" else {
                throw ConfigurationError("not confirmed; nothing was sent")
            }
        }
        let stop = StopSignal()
        let tally = try await existing.withTracker(
            endpoint: endpoint,
            reports: reportsOptions.reports,
            settings: submission.settings,
            stop: stop
        ) { tracker, _ in
            try await tracker.cancel(candidates, ledger: existing.ledger)
        }
        Console.out("cancelled \(tally.cancelled); refused by the API \(tally.refused); given up \(tally.failed)")
        let counts = try existing.writeReports()
        document.describe(existing.folder, endpoint: existing.record.endpoint, counts: counts)
        document.exitCode = existing.exitStatus(counts)
        document.details?["cancelled"] = tally.cancelled
        document.details?["refused"] = tally.refused
        document.details?["failed"] = tally.failed
        if tally.refused + tally.failed > 0 { document.exitCode = ExitStatus.rowProblems }
        if let reason = stop.reason {
            document.exitCode = reason.exitCode
            document.message = reason.explanation
        }
        try document.finish()
    }

    private func selection(_ ledger: Ledger) throws -> [LedgerRow] {
        guard let rows else { return try ledger.submittedRows() }
        let selector = try RowSelectorFile(path: rows)
        switch selector.key {
        case .taskId: return try ledger.rows(withTaskIds: selector.values)
        case .row: return try ledger.rows(numbered: selector.values.compactMap { Int($0) })
        case .email: return try ledger.rows(withEmails: selector.values)
        }
    }

    private static func list(_ rows: [LedgerRow]) -> String {
        let numbers = rows.prefix(20).map { String($0.row) }.joined(separator: ", ")
        return rows.count > 20 ? numbers + ", …" : numbers
    }
}

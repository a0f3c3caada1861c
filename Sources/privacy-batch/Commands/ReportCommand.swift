import ArgumentParser
import PrivacyBatch

/// `privacy-batch report RUN`: rewrites a run's reports from its ledger.
struct ReportCommand: AsyncParsableCommand, OutputShaping {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rewrite a run's outcomes.csv, failures.csv, orders-not-closed.csv and summary.json from its ledger.",
        discussion: """
            Examples:
              privacy-batch report shoppers
              privacy-batch report shoppers --json | jq .counts.outcomes
            """
    )

    @Argument(help: "The run's name (under --reports) or its folder.")
    var run: String

    @OptionGroup var reportsOptions: ReportsOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let existing = try await ExistingRun(run, reports: reportsOptions.reports)
        let counts = try await existing.writeReports()
        try existing.document(command: "report", counts: counts).finish()
    }
}

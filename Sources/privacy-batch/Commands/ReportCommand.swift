import ArgumentParser
import PrivacyBatch

/// `privacy-batch report RUN`: rewrites a run's reports from its ledger.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rewrite a run's outcomes.csv, failures.csv, orders-not-closed.csv and summary.json from its ledger."
    )

    @Argument(help: "The run's name (under --reports) or its folder.")
    var run: String

    @OptionGroup var reportsOptions: ReportsOptions

    func run() async throws {
        try await ExistingRun(run, reports: reportsOptions.reports).writeReports()
    }
}

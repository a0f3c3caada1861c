import ArgumentParser
import Foundation

/// Where runs keep their ledgers and reports: `--reports DIR`, else `PRIVACY_BATCH_REPORTS`, else `reports`.
struct ReportsOptions: ParsableArguments {
    @Option(
        name: .customLong("reports"),
        help: "Folder for ledgers and reports, created 0700 (default: PRIVACY_BATCH_REPORTS, else reports)."
    )
    var reportsFlag: String?

    /// The folder in force: the flag, then the environment, then `reports`.
    var reports: String {
        if let reportsFlag { return reportsFlag }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PRIVACY_BATCH_REPORTS"],
            !fromEnvironment.isEmpty
        {
            return fromEnvironment
        }
        return "reports"
    }
}

import ArgumentParser
import PrivacyBatch
import PrivacyBatchCore

/// The legal deadline of a file's requests: `--deadline gdpr|ccpa|DAYS` and `--processing-days`.
struct DeadlineOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The legal bound counted from each row's received date: gdpr (one calendar month), ccpa (45 days) or a number of days (default with a received date column: gdpr).",
            valueName: "rule"))
    var deadline: DeadlineArgument?

    @Option(help: "Days the API may take after a deletion's holding period, for the plan's at-risk count.")
    var processingDays: Int = DeadlinePlan.defaultProcessingDays

    func validate() throws {
        guard (0...365).contains(processingDays) else {
            throw ValidationError("--processing-days must be from 0 to 365 (got \(processingDays))")
        }
    }
}

/// `--deadline gdpr|ccpa|DAYS`.
struct DeadlineArgument: ExpressibleByArgument {
    let rule: DeadlineRule

    init?(argument: String) {
        guard let parsed = try? DeadlineRule(parsing: argument) else { return nil }
        rule = parsed
    }

    static var allValueStrings: [String] { ["gdpr", "ccpa", "DAYS"] }
}

import ArgumentParser
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// How long shoppers' values are kept: `--retain-pii` and `--retain-pii-max`.
///
/// Given to `run`, they are recorded with the run and later commands use them; given to a later command, they hold
/// for that command.
struct RetentionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How long a finished row keeps the shopper's email and cells before only its keyed hash, masked email and proof stay (default: as the run recorded, else 30d; 0d = at once).",
            valueName: "duration"))
    var retainPII: DurationArgument?

    @Option(
        help: ArgumentHelp(
            "How long a row that needs a person (invalid, failed, open orders, archive not handed over) keeps them at most (default: as recorded, else 90d).",
            valueName: "duration"))
    var retainPIIMax: DurationArgument?

    /// The policy for `record`: these flags over what it recorded, over the defaults.
    func policy(for record: RunRecord) -> RetentionPolicy {
        RetentionPolicy.of(record, finished: retainPII?.value, needingPerson: retainPIIMax?.value)
    }
}

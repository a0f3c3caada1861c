import PrivacyBatchCore
import PrivacyBatchLedger

/// How long a run's rows keep the shopper's values before only proof remains (`--retain-pii`, `--retain-pii-max`).
public struct RetentionPolicy: Sendable, Equatable {
    /// How long a finished row keeps its values: a month to reconcile tickets and confirm to shoppers.
    public var finished: PolicyDuration
    /// How long a row a person must still act on keeps them at most.
    public var needingPerson: PolicyDuration

    /// The defaults: 30 days for finished rows, 90 at most for rows that need a person.
    public static let standard = RetentionPolicy(finished: .days(30), needingPerson: .days(90))

    /// Creates a policy.
    public init(finished: PolicyDuration, needingPerson: PolicyDuration) {
        self.finished = finished
        self.needingPerson = needingPerson
    }

    /// The policy `record` was given, over the defaults; `given` values (a later command's flags) win.
    public static func of(
        _ record: RunRecord, finished given: PolicyDuration? = nil, needingPerson givenMax: PolicyDuration? = nil
    ) -> RetentionPolicy {
        RetentionPolicy(
            finished: given ?? record.retainPII.map(PolicyDuration.init(seconds:)) ?? standard.finished,
            needingPerson: givenMax ?? record.retainPIIMax.map(PolicyDuration.init(seconds:)) ?? standard.needingPerson
        )
    }

    /// What the plan and the digest say of it.
    public var sentence: String {
        let finishedText = finished == .zero ? "as soon as they end" : "\(finished) after they end"
        return "finished rows keep the shopper's values \(finishedText) (--retain-pii), rows that need a person "
            + "\(needingPerson) at most (--retain-pii-max); then only the keyed hash, the masked email and the proof stay"
    }
}

import PrivacyBatchCore

/// How one run uses the ``RequestIndex``: its name, where it sends, and whether completed requests may repeat.
///
/// Without an index (engine tests, or a caller that opts out) every row is sent, with first-generation tokens.
public struct RunClaims: Sendable {
    /// The shared index, or `nil` to send every row.
    public var index: RequestIndex?
    /// The run's name.
    public var run: String
    /// Where the run sends.
    public var scope: RequestScope
    /// Whether a request whose earlier task COMPLETED is sent again (`--allow-repeat`).
    public var allowRepeat: Bool
    /// The key the run's rows are hashed with as they are stored (`nil`: rows are stored without a subject).
    public var recordKey: RecordKey?

    /// Creates a run's use of `index`, its rows hashed with `recordKey`.
    public init(
        index: RequestIndex?, run: String, scope: RequestScope, allowRepeat: Bool = false, recordKey: RecordKey? = nil
    ) {
        self.index = index
        self.run = run
        self.scope = scope
        self.allowRepeat = allowRepeat
        self.recordKey = recordKey
    }

    /// The index's decision for each row about to be sent (all `.send(generation: nil)` without an index).
    package func claim(_ items: [(row: Int, request: PrivacyRequest)]) async throws -> [Int: RequestClaim] {
        guard let index else { return [:] }
        return try await index.claim(items, run: run, scope: scope, allowRepeat: allowRepeat)
    }

    /// Tells the index what the API answered to the rows this run holds.
    package func record(_ answers: [SubmissionAnswer]) async throws {
        guard let index else { return }
        var accepted: [(row: Int, taskId: String)] = []
        var rejected: [Int] = []
        for answer in answers {
            switch answer.result {
            case .accepted(let taskId): accepted.append((answer.row, taskId))
            case .rejected: rejected.append(answer.row)
            case .gaveUp, .interrupted: break
            }
        }
        try await index.recordAnswers(run: run, accepted: accepted, rejected: rejected)
    }
}

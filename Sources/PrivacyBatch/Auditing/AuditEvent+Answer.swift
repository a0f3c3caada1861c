import PrivacyBatchLedger

extension AuditEvent {
    /// The `answer` entry of a start request's answer: what the ledger makes of it (`SubmissionAnswer`'s values).
    public init(answer: SubmissionAnswer) {
        let (state, taskId, errorCode, _) = answer.ledgerValues
        let outcome =
            switch answer.result {
            case .accepted: "accepted"
            case .rejected: "rejected"
            case .gaveUp: "gave-up"
            case .interrupted(let sent, _): sent ? "interrupted" : "not-sent"
            }
        self = .answered(
            row: answer.row, taskId: taskId, outcome: outcome, errorCode: errorCode, state: state, subject: nil)
    }
}

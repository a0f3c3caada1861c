import PrivacyBatchCore
import PrivacyBatchLedger

/// What evidence says of one row: what was asked, for whom (keyed hash and masked email, never the address), which
/// task carried it, how it ended and whether its deadline was met. No email, no client token, no error message
/// (the API's text may quote the input).
public struct EvidenceRow: Sendable, Equatable {
    /// The data row number.
    public var row: Int
    /// The line the row starts on in the input.
    public var line: Int
    /// `deletion` or `retrieval`; `nil` for a row without a valid type.
    public var type: String?
    /// The shopper's keyed hash (``RecordKey/subject(of:)``).
    public var subject: String?
    /// The email as people may read it (`a•••@example.com`).
    public var maskedEmail: String?
    /// The task that carries the request now.
    public var taskId: String?
    /// Earlier tasks of the same request (open-order failures sent again), oldest first.
    public var previousTaskIds: [String]
    /// When the request was first accepted (ISO-8601).
    public var submittedAt: String?
    /// The row's outcome, as `outcomes.csv` names it (`COMPLETED`, `CANCELLED`, `INVALID`, …).
    public var outcome: String
    /// The task's last status, verbatim.
    public var taskStatus: String?
    /// The error code of a failed or refused row.
    public var errorCode: String?
    /// When the outcome became final: the task seen final, or the open-order failure given up (ISO-8601).
    public var finalAt: String?
    /// When a retrieval's archive was handed to the shopper (ISO-8601): what honours a retrieval.
    public var handedOverAt: String?
    /// When the shopper's request was received (ISO-8601), from the input.
    public var receivedAt: String?
    /// The legal due day (`YYYY-MM-DD`).
    public var dueAt: String?
    /// The deadline state when the evidence was written (``DeadlineState`` raw value).
    public var deadline: String?
    /// Whether the deadline was met: `true` for `met`, `false` for `missed` or `overdue`, `nil` while it can still
    /// be met or when the row has none.
    public var deadlineMet: Bool?
    /// When the row's personal values were minimised (ISO-8601).
    public var minimisedAt: String?

    /// The evidence of `row`, its deadline read by `deadlines`.
    public init(_ row: LedgerRow, deadlines: RowDeadline) {
        self.row = row.row
        line = row.line
        type = row.type?.rawValue
        subject = row.subject
        maskedEmail = row.maskedEmail ?? row.email.map(MaskedEmail.mask)
        taskId = row.taskId
        previousTaskIds = row.previousTaskIds?.split(separator: " ").map(String.init) ?? []
        submittedAt = row.submittedAt
        outcome = Outcome(row).rawValue
        taskStatus = row.taskStatus
        errorCode = row.errorCode
        finalAt = row.finalAt ?? row.gaveUpAt
        handedOverAt = row.handedOverAt
        receivedAt = row.receivedAt
        dueAt = row.dueAt
        let state = deadlines.state(of: row)
        deadline = state?.rawValue
        deadlineMet =
            switch state {
            case .met: true
            case .missed, .overdue: false
            case .open, .atRisk, nil: nil
            }
        minimisedAt = row.minimisedAt
    }

    /// The row as one line of JSON, keys sorted, every key present (`null` when unknown).
    var json: String {
        EvidenceJSON.Value.object([
            ("row", .int(row)), ("line", .int(line)), ("type", .string(type)), ("subject", .string(subject)),
            ("maskedEmail", .string(maskedEmail)), ("taskId", .string(taskId)),
            ("previousTaskIds", .array(previousTaskIds.map { .string($0) })), ("submittedAt", .string(submittedAt)),
            ("outcome", .string(outcome)), ("taskStatus", .string(taskStatus)), ("errorCode", .string(errorCode)),
            ("finalAt", .string(finalAt)), ("handedOverAt", .string(handedOverAt)),
            ("receivedAt", .string(receivedAt)), ("dueAt", .string(dueAt)), ("deadline", .string(deadline)),
            ("deadlineMet", .bool(deadlineMet)), ("minimisedAt", .string(minimisedAt)),
        ]).text
    }
}

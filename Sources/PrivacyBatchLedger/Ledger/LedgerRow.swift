import GRDB
import PrivacyBatchCore

/// One data row of the input and everything the run learned about it.
public struct LedgerRow: Sendable, Equatable, FetchableRecord {
    /// The data row number (1-based, header not counted).
    public var row: Int
    /// The physical line the record starts on.
    public var line: Int
    /// The request type, when the row had a valid one.
    public var type: RequestType?
    /// The trimmed email, when the row is valid.
    public var email: String?
    /// The resolved holding period of a deletion.
    public var holdingPeriod: Int?
    /// The audit reason of a deletion.
    public var reason: String?
    /// The row's original cells (masked once minimised), one per header column; empty when read in pages for tracking
    /// (`openRows`, `submittedRows(_:after:limit:)`).
    public var values: [String]
    /// Where the row stands.
    public var state: RowState
    /// The idempotency key its start request carries.
    public var clientToken: String?
    /// The task the API created for it.
    public var taskId: String?
    /// The task's last known status, verbatim.
    public var taskStatus: String?
    /// The last error's code (a row rule, an API classification or a task error).
    public var errorCode: String?
    /// The last error's message.
    public var errorMessage: String?
    /// How many start requests were sent for it, over all runs.
    public var attempts: Int
    /// When the API accepted it (ISO-8601).
    public var submittedAt: String?
    /// When the row last changed (ISO-8601).
    public var updatedAt: String?
    /// Where its retrieval archive was saved.
    public var archivePath: String?
    /// The archive's size in bytes.
    public var archiveSize: Int?
    /// The archive's SHA-256 (hex).
    public var archiveSHA256: String?
    /// When its task was first seen final (ISO-8601); `nil` while open, and again once an open-order failure is
    /// sent again.
    public var finalAt: String?
    /// How often an open-order failure was sent again as a new task.
    public var reopens: Int
    /// When it was last sent again (ISO-8601).
    public var reopenedAt: String?
    /// The tasks before the current one, oldest first, separated by spaces.
    public var previousTaskIds: String?
    /// When its open-order failure was given up (ISO-8601).
    public var gaveUpAt: String?
    /// When the shopper's request was received, as the file gave it (normalised to ISO-8601).
    public var receivedAt: String?
    /// The legal deadline, `YYYY-MM-DD`.
    public var dueAt: String?
    /// When its retrieval archive was marked handed over to the shopper (ISO-8601).
    public var handedOverAt: String?
    /// When its archive was saved (ISO-8601).
    public var archivedAt: String?
    /// When its archive was deleted after its retention (ISO-8601); it is not downloaded again.
    public var archiveDeletedAt: String?
    /// What a follow-up digest last told a person about the row (`Attention`'s raw value), so it is told once.
    public var noticed: String?
    /// The shopper's keyed hash (``RecordKey/subject(of:)``), kept for good.
    public var subject: String?
    /// The email as people may read it once the row is minimised (`a•••@example.com`).
    public var maskedEmail: String?
    /// When the row's personal values were replaced by its subject and masked email (ISO-8601).
    public var minimisedAt: String?

    /// Decodes a row of the `row` table.
    public init(row record: Row) {
        row = record["row"]
        line = record["line"]
        type = (record["type"] as String?).flatMap(RequestType.init(rawValue:))
        email = record["email"]
        holdingPeriod = record["holdingPeriod"]
        reason = record["reason"]
        values = (record["cells"] as String?).map(CellCodec.decode) ?? []
        state = RowState(rawValue: record["state"] as String? ?? "") ?? .pending
        clientToken = record["clientToken"]
        taskId = record["taskId"]
        taskStatus = record["taskStatus"]
        errorCode = record["errorCode"]
        errorMessage = record["errorMessage"]
        attempts = record["attempts"]
        submittedAt = record["submittedAt"]
        updatedAt = record["updatedAt"]
        archivePath = record["archivePath"]
        archiveSize = record["archiveSize"]
        archiveSHA256 = record["archiveSHA256"]
        finalAt = record["finalAt"]
        reopens = record["reopens"] ?? 0
        reopenedAt = record["reopenedAt"]
        previousTaskIds = record["previousTaskIds"]
        gaveUpAt = record["gaveUpAt"]
        receivedAt = record["receivedAt"]
        dueAt = record["dueAt"]
        handedOverAt = record["handedOverAt"]
        archivedAt = record["archivedAt"]
        archiveDeletedAt = record["archiveDeletedAt"]
        noticed = record["noticed"]
        subject = record["subject"]
        maskedEmail = record["maskedEmail"]
        minimisedAt = record["minimisedAt"]
    }
}

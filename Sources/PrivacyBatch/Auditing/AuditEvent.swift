import AuditTrail
import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// One thing that changed what happened to a shopper's request (or to the run), as the audit log records it.
///
/// An event names a shopper only by `subject`, the keyed hash of the email the ledger keeps; never by the email.
/// Until the ledger has that column, `subject` is `nil` and left out of the line (see ``RunAudit/subject(of:)``).
/// Each row event says what the row became, so `verify` can replay the log into every row's state.
public enum AuditEvent: Sendable, Equatable {
    /// A run was created: the input's SHA-256, the settings it was validated and sent with, where, for whom, and
    /// by which version of the tool.
    case runStarted(inputSHA256: String, settings: [String: String], endpoint: String?, targetID: String?, tool: String)
    /// A run created before the audit log existed got its log: its rows' states at that moment.
    case auditStarted(counts: [RowState: Int])
    /// Opening the log found complete entries past the ledger's head (synced before a crash lost the ledger's
    /// commit), kept, and a torn last line cut. The ledger never committed what those entries say, so the entry
    /// restates each row they name as the ledger holds it (`rows`); replay takes that as the row's state.
    case recovered(adopted: Int, cutBytes: Int, rows: [LedgerRow])
    /// A request is about to leave (its row is durably `SUBMITTING`); `resend` when the same client token was
    /// sent before and its answer was lost or not final.
    case sent(row: Int, operation: RequestType, clientToken: String, resend: Bool, subject: String?)
    /// The answer to a request was recorded: what the row became.
    case answered(
        row: Int, taskId: String?, outcome: String, errorCode: String?, state: RowState, subject: String?)
    /// A task's status was seen to change.
    case statusChanged(row: Int, taskId: String?, old: String?, new: String, subject: String?)
    /// A cancel was accepted; `status` is the task's status after it.
    case cancelled(row: Int, taskId: String?, status: String, subject: String?)
    /// A cancel was refused; the task stays as it was.
    case cancelRefused(row: Int, taskId: String?, errorCode: String, subject: String?)
    /// A retrieval archive was stored: its size and the SHA-256 of the stored file.
    case archiveSaved(row: Int, size: Int, sha256: String, subject: String?)
    /// A stored archive was deleted after its retention.
    case archiveDeleted(row: Int, size: Int?, sha256: String?, subject: String?)
    /// An open-order failure is sent again as a new task with a new client token.
    case reopened(row: Int, previousTaskId: String?, clientToken: String, subject: String?)
    /// Another row (of any run) holds the request: this row is not sent, and points at that task.
    case alreadyRequested(row: Int, taskId: String?, status: String?, subject: String?)
    /// An open-order failure was given up.
    case gaveUp(row: Int, taskId: String?, subject: String?)
    /// A run none of whose requests reached its endpoint moved to another one: its unsent rows are `PENDING`.
    case rebound(endpoint: String?)
    /// A row's personal data was minimised (the minimisation code on main appends this; `fields` are its own).
    case minimised(row: Int, subject: String?, fields: [AuditField] = [])
    /// A shopper's request was forgotten by this run (`forget`).
    case forgotten(row: Int, subject: String?, fields: [AuditField] = [])

    /// The name written in the entry's `event`.
    public var name: String {
        switch self {
        case .runStarted: "run-started"
        case .auditStarted: "audit-started"
        case .recovered: "recovered"
        case .sent(_, _, _, let resend, _): resend ? "resent" : "sent"
        case .answered: "answer"
        case .statusChanged: "status"
        case .cancelled: "cancelled"
        case .cancelRefused: "cancel-refused"
        case .archiveSaved: "archive-saved"
        case .archiveDeleted: "archive-deleted"
        case .reopened: "reopened"
        case .alreadyRequested: "already-requested"
        case .gaveUp: "gave-up"
        case .rebound: "rebound"
        case .minimised: "minimised"
        case .forgotten: "forgotten"
        }
    }

    /// The data row the event is about, or `nil` for an event about the run.
    public var row: Int? {
        switch self {
        case .runStarted, .auditStarted, .recovered, .rebound: nil
        case .sent(let row, _, _, _, _), .answered(let row, _, _, _, _, _), .statusChanged(let row, _, _, _, _),
            .cancelled(let row, _, _, _), .cancelRefused(let row, _, _, _), .archiveSaved(let row, _, _, _),
            .archiveDeleted(let row, _, _, _), .reopened(let row, _, _, _), .alreadyRequested(let row, _, _, _),
            .gaveUp(let row, _, _), .minimised(let row, _, _), .forgotten(let row, _, _):
            row
        }
    }

    /// The entry to append, stamped `at`.
    public func entry(at date: Date = Date()) -> PendingEntry {
        PendingEntry(event: name, fields: fields, at: date)
    }

    /// The event's members in line order: `row` first, `subject` last, absent values left out.
    var fields: [AuditField] {
        var fields = FieldList()
        switch self {
        case .runStarted(let digest, let settings, let endpoint, let targetID, let tool):
            fields.add("inputSHA256", digest)
            fields.add(
                "settings", .object(settings.sorted { $0.key < $1.key }.map { AuditField($0.key, .string($0.value)) }))
            fields.add("endpoint", endpoint ?? "sandbox")
            fields.add("targetId", targetID)
            fields.add("tool", tool)
        case .auditStarted(let counts):
            fields.add("reason", "the run was created before its audit log; the counts are the ledger's at this entry")
            fields.add(
                "counts",
                .object(
                    RowState.allCases.compactMap { state in
                        counts[state].map { AuditField(state.rawValue, .integer(Int64($0))) }
                    }))
        case .recovered(let adopted, let cutBytes, let rows):
            fields.add("adopted", adopted)
            fields.add("cutBytes", cutBytes)
            if !rows.isEmpty { fields.add("rows", .array(rows.map(Self.restated))) }
        case .sent(let row, let operation, let token, let resend, let subject):
            fields.add("row", row)
            fields.add("operation", operation.rawValue)
            fields.add("clientToken", token)
            fields.add("resend", .bool(resend))
            fields.add("subject", subject)
        case .answered(let row, let taskId, let outcome, let errorCode, let state, let subject):
            fields.add("row", row)
            fields.add("taskId", taskId)
            fields.add("outcome", outcome)
            fields.add("errorCode", errorCode)
            fields.add("state", state.rawValue)
            fields.add("subject", subject)
        case .statusChanged(let row, let taskId, let old, let new, let subject):
            fields.add("row", row)
            fields.add("taskId", taskId)
            fields.add("old", old.map(AuditValue.string) ?? .null)
            fields.add("new", new)
            fields.add("subject", subject)
        case .cancelled(let row, let taskId, let status, let subject):
            fields.add("row", row)
            fields.add("taskId", taskId)
            fields.add("status", status)
            fields.add("subject", subject)
        case .cancelRefused(let row, let taskId, let errorCode, let subject):
            fields.add("row", row)
            fields.add("taskId", taskId)
            fields.add("errorCode", errorCode)
            fields.add("subject", subject)
        case .archiveSaved(let row, let size, let sha256, let subject):
            fields.add("row", row)
            fields.add("size", size)
            fields.add("sha256", sha256)
            fields.add("subject", subject)
        case .archiveDeleted(let row, let size, let sha256, let subject):
            fields.add("row", row)
            fields.add("size", size)
            fields.add("sha256", sha256)
            fields.add("subject", subject)
        case .reopened(let row, let previous, let token, let subject):
            fields.add("row", row)
            fields.add("previousTaskId", previous)
            fields.add("clientToken", token)
            fields.add("subject", subject)
        case .alreadyRequested(let row, let taskId, let status, let subject):
            fields.add("row", row)
            fields.add("taskId", taskId)
            fields.add("status", status)
            fields.add("subject", subject)
        case .gaveUp(let row, let taskId, let subject):
            fields.add("row", row)
            fields.add("taskId", taskId)
            fields.add("subject", subject)
        case .rebound(let endpoint):
            fields.add("endpoint", endpoint ?? "sandbox")
        case .minimised(let row, let subject, let extra), .forgotten(let row, let subject, let extra):
            fields.add("row", row)
            fields.add("subject", subject)
            for field in extra where !AuditEvent.ownKeys.contains(field.name) { fields.fields.append(field) }
        }
        return fields.fields
    }

    /// A row as the ledger holds it, in the columns `verify` compares.
    private static func restated(_ row: LedgerRow) -> AuditValue {
        var fields = FieldList()
        fields.add("row", row.row)
        fields.add("state", row.state.rawValue)
        fields.add("taskId", row.taskId.map(AuditValue.string) ?? .null)
        fields.add("taskStatus", row.taskStatus.map(AuditValue.string) ?? .null)
        fields.add("archiveSHA256", row.archiveSHA256.map(AuditValue.string) ?? .null)
        fields.add("archiveDeleted", .bool(row.archiveDeletedAt != nil))
        fields.add("gaveUp", .bool(row.gaveUpAt != nil))
        return .object(fields.fields)
    }

    /// Keys the event writes itself, which a caller's extra fields may not reuse.
    private static let ownKeys: Set<String> = ["row", "subject"]

    /// Members in order, leaving out absent values.
    private struct FieldList {
        var fields: [AuditField] = []

        mutating func add(_ name: String, _ value: AuditValue) { fields.append(AuditField(name, value)) }
        mutating func add(_ name: String, _ value: String?) {
            if let value { fields.append(AuditField(name, .string(value))) }
        }
        mutating func add(_ name: String, _ value: Int?) {
            if let value { fields.append(AuditField(name, .integer(Int64(value)))) }
        }
    }
}

import PrivacyBatchCore
import PrivacyBatchLedger

/// Why a row needs a person, as a `follow-up` digest says it; the raw values appear in `--json`.
public enum Attention: String, Sendable, CaseIterable, Codable, Comparable {
    /// The row broke a rule: fix it in `failures.csv` and run that file.
    case invalid
    /// The API refused the row's input.
    case rejected
    /// The task failed for a reason sending again cannot fix (e.g. `DATA_SUBJECT_NOT_FOUND`).
    case failed
    /// The shopper's orders stayed open past `--give-up-after`.
    case gaveUp = "gave_up"
    /// A retrieval's archive is saved and waits to be handed to the shopper (`handed-over`).
    case archiveReady = "archive_ready"
    /// A completed retrieval's archive could not be downloaded (see `error_code`; tried again every pass).
    case archiveFailed = "archive_failed"
    /// The legal deadline passed before the request was honoured.
    case overdue
    /// The request cannot be honoured by its deadline at the API's pace.
    case atRisk = "at_risk"

    /// What a row needs a person for now, or `nil`; `deadline` is the row's deadline state.
    public static func of(_ row: LedgerRow, deadline: DeadlineState?) -> Attention? {
        switch row.state {
        case .invalid: return .invalid
        case .rejected: return .rejected
        default: break
        }
        if row.gaveUpAt != nil { return .gaveUp }
        if row.taskStatus == TaskStatus.failed && !isAwaitingReopen(row) { return .failed }
        if row.archivePath != nil && row.handedOverAt == nil && row.archiveDeletedAt == nil { return .archiveReady }
        // A minimised retrieval's archive is never fetched again (its shopper's values are gone): nothing to retry.
        if row.type == .retrieval, row.taskStatus == TaskStatus.completed, row.archivePath == nil, row.errorCode != nil,
            row.minimisedAt == nil
        {
            return .archiveFailed
        }
        switch deadline {
        case .overdue: return .overdue
        case .atRisk: return .atRisk
        default: return nil
        }
    }

    /// An open-order failure that `follow-up` will send again: nothing for a person yet.
    static func isAwaitingReopen(_ row: LedgerRow) -> Bool {
        row.state == .submitted && row.type == .deletion && row.errorCode == TaskStatus.ordersNotClosed
            && row.gaveUpAt == nil
    }

    /// What the digest tells a person to do about it.
    public var advice: String {
        switch self {
        case .invalid: "rows broke a rule: fix them in failures.csv and run that file"
        case .rejected: "rows the API refused: fix them in failures.csv and run that file"
        case .failed: "tasks failed for good: see failures.csv"
        case .gaveUp: "deletions given up, orders still open: see outcomes.csv"
        case .archiveReady: "archives to hand to their shoppers, then 'privacy-batch handed-over'"
        case .archiveFailed: "archives that could not be downloaded: see error_code in outcomes.csv"
        case .overdue: "requests past their legal deadline"
        case .atRisk: "requests that cannot finish by their deadline at the API's pace"
        }
    }

    /// Orders attentions as declared.
    public static func < (lhs: Attention, rhs: Attention) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

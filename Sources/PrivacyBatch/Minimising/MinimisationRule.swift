import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// When a row's personal values may go: the one place that says which rows are finished, which wait for a person,
/// and which the tool itself still needs.
enum MinimisationRule {
    /// Where a row stands for minimisation.
    enum Standing: Equatable {
        /// Nothing more will be done for it since `since`: minimised `--retain-pii` later.
        case finished(since: Date)
        /// A person must still act on it (fix the row, the failure, the open orders, hand over the archive),
        /// since `since`: minimised `--retain-pii-max` later.
        case needsPerson(since: Date)
        /// The tool still needs its values: it is to be sent, in flight, or its task is open.
        case inUse
    }

    /// Where `row` stands.
    static func standing(of row: LedgerRow) -> Standing {
        let updated = date(row.updatedAt)
        switch row.state {
        case .pending, .submitting, .error:
            return .inUse
        case .invalid, .rejected:
            return .needsPerson(since: updated)
        case .duplicate, .alreadyRequested:
            // Never sent: the holder keeps the shopper's request (``Minimiser`` waits for it within the run).
            return .finished(since: updated)
        case .submitted:
            let final = date(row.finalAt ?? row.updatedAt)
            switch row.taskStatus {
            case "COMPLETED" where row.type == .retrieval:
                if let handedOver = row.handedOverAt { return .finished(since: date(handedOver)) }
                return .needsPerson(since: final)
            case "COMPLETED", "CANCELLED":
                return .finished(since: final)
            case "FAILED" where row.type == .retrieval:
                return .finished(since: final)
            case "FAILED":
                if let gaveUp = row.gaveUpAt { return .finished(since: date(gaveUp)) }
                // An open-order failure is counted from its first attempt, as giving it up is.
                return row.errorCode == "ORDERS_NOT_CLOSED"
                    ? .needsPerson(since: date(row.submittedAt ?? row.finalAt ?? row.updatedAt))
                    : .needsPerson(since: final)
            default:
                // A task the API no longer knows needs a person; any other is open.
                return row.errorCode == "ResourceNotFound" ? .needsPerson(since: updated) : .inUse
            }
        }
    }

    /// When `row`, standing as it does, is due under `policy`; `nil` while the tool needs it.
    static func dueDate(of row: LedgerRow, policy: RetentionPolicy) -> Date? {
        switch standing(of: row) {
        case .finished(let since): since.addingTimeInterval(policy.finished.seconds)
        case .needsPerson(let since): since.addingTimeInterval(policy.needingPerson.seconds)
        case .inUse: nil
        }
    }

    /// A stored time; a row without one counts from the distant past, so it is never kept for lack of a date.
    private static func date(_ text: String?) -> Date {
        text.flatMap(Timestamp.date(from:)) ?? Date(timeIntervalSince1970: 0)
    }
}

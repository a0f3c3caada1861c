import PrivacyBatchCore

/// The one rule of the ``RequestIndex``: one task per shopper request.
///
/// | the request is held by … | this row |
/// | --- | --- |
/// | nobody | is sent, and holds it |
/// | this very row, not answered yet (a resumed run) | is sent with the generation it holds |
/// | this very row, answered (its run folder was deleted and made again) | as for another row, below |
/// | another row its run never stored (it crashed between claiming and storing; see `HolderLedgers.neverStored`) | as for this very row, unanswered: the claim passes to it |
/// | another row whose task is open (unanswered, SUBMITTED, ON_HOLD, IN_PROGRESS, or a status unknown to us) | is not sent: ALREADY_REQUESTED |
/// | another row whose task ended FAILED or CANCELLED | is sent as a new generation (a new task) and holds it |
/// | another row the API rejected (no task) | is sent with the same generation and holds it |
/// | another row whose task COMPLETED | ALREADY_REQUESTED, unless `--allow-repeat`: then a new generation |
enum RequestIndexPolicy {
    /// The decision for one row.
    enum Verdict: Equatable {
        /// Send it with this generation; the row holds the request.
        case hold(generation: String?)
        /// Do not send it.
        case refuse(EarlierRequest)

        var claim: RequestClaim {
            switch self {
            case .hold(let generation): .send(generation: generation)
            case .refuse(let earlier): .alreadyRequested(earlier)
            }
        }
    }

    static func verdict(for entry: RequestIndexEntry?, run: String, row: Int, allowRepeat: Bool) -> Verdict {
        guard let entry else { return .hold(generation: nil) }
        // A row asks again only before its answer is stored; with a task id, its ledger is not the one that sent it.
        if entry.run == run && entry.row == row && entry.taskId == nil { return .hold(generation: entry.generation) }
        switch entry.status {
        case "REJECTED": return .hold(generation: entry.generation)
        case TaskStatus.failed, TaskStatus.cancelled: return .hold(generation: entry.taskId ?? entry.generation)
        case TaskStatus.completed where allowRepeat: return .hold(generation: entry.taskId ?? entry.generation)
        default: return .refuse(entry.earlier)
        }
    }

    /// Whether a status can no longer change, so the holder's ledger need not be asked again.
    static func isSettled(_ status: String?) -> Bool {
        switch status {
        case "REJECTED", TaskStatus.failed, TaskStatus.cancelled, TaskStatus.completed: true
        default: false
        }
    }
}

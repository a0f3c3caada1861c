import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// Replaces the personal values of a run's rows with proof: the keyed hash stays, the email is masked, the cells
/// the file carried are emptied (but for the kept columns), and a remaining archive is deleted.
///
/// Rows are read and written a page at a time, each page in one durable transaction, so a crash leaves every row
/// either as it was or minimised, never between; the reports are rewritten from the ledger afterwards by the
/// command. Which rows may go, and when, is ``MinimisationRule``'s.
public struct Minimiser: Sendable {
    /// Which rows to minimise.
    public enum Selection: Sendable {
        /// The rows whose retention under the policy has passed: what every command does by itself.
        case retention(RetentionPolicy)
        /// Every row the tool no longer needs, now (`forget RUN`).
        case everything
        /// The rows of these shoppers (keyed hashes) the tool no longer needs, now (`forget --email`).
        case subjects(Set<String>)
    }

    /// What a minimisation did.
    public struct Tally: Sendable, Equatable {
        /// Rows minimised.
        public var minimised = 0
        /// Of those, rows that needed a person and reached `--retain-pii-max` first.
        public var pastMaximum = 0
        /// Open-order failures given up with their values: they cannot be sent again without the email.
        public var gaveUp = 0
        /// Archive files deleted with their rows.
        public var archivesDeleted = 0
        /// Rows selected but kept, because the tool still needs their values (to be sent, in flight, task open).
        public var inUse = 0
        /// When the next rows become due under the policy, when known.
        public var nextDueAt: Date?

        /// Creates an empty tally.
        public init() {}
    }

    let folder: RunFolder
    let ledger: Ledger
    let record: RunRecord
    /// The run's audit log: each page's minimisations (and the archives deleted and open orders given up with them)
    /// are logged there before the ledger records them. `nil` leaves the log out, and `verify` then finds the rows'
    /// archives and give-ups unexplained.
    public var audit: RunAudit?

    /// The minimiser of the run in `folder`, recorded as `record` in `ledger`, logging to `audit`.
    public init(folder: RunFolder, ledger: Ledger, record: RunRecord, audit: RunAudit? = nil) {
        self.folder = folder
        self.ledger = ledger
        self.record = record
        self.audit = audit
    }

    /// Minimises the rows `selection` picks at `now`. Under `.retention` with the run's own durations, a ledger
    /// unchanged since its last sweep and with nothing due yet is not read at all.
    public func minimise(_ selection: Selection, now: Date = Date(), pageSize: Int = 2_000) async throws -> Tally {
        // The recorded schedule holds for the run's own durations only: a command given shorter ones (a later
        // `--retain-pii 0d`) must look at the rows, and what it finds is no schedule for the run's.
        let scheduled: Bool
        if case .retention(let policy) = selection {
            scheduled = policy == RetentionPolicy.of(record)
        } else {
            scheduled = false
        }
        if scheduled, try await nothingDue(now: now) { return Tally() }
        var tally = Tally()
        // A duplicate waits for its holder; a holder minimised by the first sweep frees its duplicates for a second.
        for _ in 0..<2 {
            let sweep = try await sweep(selection, now: now, pageSize: pageSize)
            tally.minimised += sweep.tally.minimised
            tally.pastMaximum += sweep.tally.pastMaximum
            tally.gaveUp += sweep.tally.gaveUp
            tally.archivesDeleted += sweep.tally.archivesDeleted
            tally.inUse = sweep.tally.inUse
            tally.nextDueAt = sweep.tally.nextDueAt
            if sweep.tally.minimised == 0 || sweep.waitedForHolder == 0 { break }
        }
        if tally.minimised > 0 { try await ledger.checkpoint() }
        if scheduled {
            try await ledger.recordMinimisationSchedule(dueAt: tally.nextDueAt.map(Timestamp.string))
        }
        return tally
    }

    /// Whether `selection` is the retention's, which never counts rows in use (so need not read them).
    private func isRetention(_ selection: Selection) -> Bool {
        if case .retention = selection { return true }
        return false
    }

    private func nothingDue(now: Date) async throws -> Bool {
        let schedule = try await ledger.minimisationSchedule()
        guard let checked = schedule.revision, try await ledger.revisions().current == checked else { return false }
        guard let due = schedule.dueAt.flatMap(Timestamp.date(from:)) else { return true }
        return due > now
    }

    private func sweep(
        _ selection: Selection, now: Date, pageSize: Int
    ) async throws -> (tally: Tally, waitedForHolder: Int) {
        var tally = Tally()
        var waited = 0
        let masking = RowMasking(record: record)
        var after = 0
        while true {
            let page = try await ledger.unminimisedRows(
                after: after, limit: pageSize, includingInUse: !isRetention(selection))
            guard let last = page.last else { break }
            after = last.row
            var chosen: [(row: LedgerRow, pastMaximum: Bool)] = []
            for row in page {
                let standing = MinimisationRule.standing(of: row)
                switch selection {
                case .retention(let policy):
                    guard let due = MinimisationRule.dueDate(of: row, policy: policy) else { continue }
                    if due > now {
                        tally.nextDueAt = min(tally.nextDueAt ?? due, due)
                        continue
                    }
                case .everything:
                    guard standing != .inUse else {
                        tally.inUse += 1
                        continue
                    }
                case .subjects(let subjects):
                    guard let subject = row.subject, subjects.contains(subject) else { continue }
                    guard standing != .inUse else {
                        tally.inUse += 1
                        continue
                    }
                }
                if case .needsPerson = standing { chosen.append((row, true)) } else { chosen.append((row, false)) }
            }
            // A duplicate keeps its values while this run's holder of the same request does.
            let waiting = chosen.filter { $0.row.state == .duplicate || $0.row.state == .alreadyRequested }
            let held = try await ledger.heldSubjects(Array(Set(waiting.compactMap(\.row.subject))))
            let ready = chosen.filter { candidate in
                let isDuplicate = candidate.row.state == .duplicate || candidate.row.state == .alreadyRequested
                return !(isDuplicate && candidate.row.subject.map(held.contains) == true)
            }
            waited += chosen.count - ready.count
            let archives = ready.compactMap { candidate -> (row: Int, path: String)? in
                guard let path = candidate.row.archivePath, candidate.row.archiveDeletedAt == nil else { return nil }
                return (candidate.row.row, path)
            }
            let deleted = Set(try await folder.deleteArchives(archives))
            let changes = ready.map { candidate in
                let row = candidate.row
                let givesUp =
                    row.state == .submitted && row.taskStatus == "FAILED" && row.type == .deletion
                    && row.errorCode == "ORDERS_NOT_CLOSED" && row.gaveUpAt == nil
                return masking.minimisation(of: row, givesUp: givesUp, archiveDeleted: deleted.contains(row.row))
            }
            var events: [AuditEvent] = []
            for candidate in ready {
                let row = candidate.row
                let subject = RunAudit.subject(of: row)
                events.append(.minimised(row: row.row, subject: subject))
                if deleted.contains(row.row) {
                    events.append(
                        .archiveDeleted(
                            row: row.row, size: row.archiveSize, sha256: row.archiveSHA256, subject: subject))
                }
            }
            for change in changes where change.givesUp {
                events.append(.gaveUp(row: change.row, taskId: nil, subject: nil))
            }
            if let audit {
                try await audit.commit(events) { try await ledger.minimise(changes) }
            } else {
                try await ledger.minimise(changes)
            }
            tally.minimised += changes.count
            tally.pastMaximum += ready.filter(\.pastMaximum).count
            tally.gaveUp += changes.filter(\.givesUp).count
            tally.archivesDeleted += deleted.count
        }
        return (tally, waited)
    }
}

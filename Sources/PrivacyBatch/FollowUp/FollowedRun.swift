import Foundation
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run opened by a `follow-up` pass: locked for the pass, so two passes (or a pass and a `run`) never work
/// on it at once.
public struct FollowedRun: Sendable {
    /// The run's folder.
    public let folder: RunFolder
    /// Its ledger.
    public let ledger: Ledger
    /// The run as recorded.
    public let record: RunRecord
    /// Held for as long as this value lives.
    let lock: RunLock
    /// The run's audit log, opened with the run.
    public let audit: RunAudit

    /// What one pass did to the run.
    public struct Tally: Sendable, Equatable {
        /// Tasks queried and recorded.
        public var refreshed = 0
        /// Tasks the API no longer knows.
        public var unknown = 0
        /// Queries given up after retries (tried again next pass).
        public var queriesFailed = 0
        /// Open-order failures sent again as a new task.
        public var reopened = 0
        /// Open-order failures another row now holds (sent by hand from `orders-not-closed.csv`).
        public var superseded = 0
        /// Open-order failures given up.
        public var gaveUp = 0
        /// Rows sent and answered with a task.
        public var sent = 0
        /// Rows the API refused, or left unanswered for the next pass.
        public var notSent = 0
        /// Archives saved.
        public var archivesSaved = 0
        /// Archives that could not be had this pass.
        public var archivesFailed = 0
        /// Archives not downloaded: a real endpoint's need recipients (or `--plaintext-archives`).
        public var archivesWithoutRecipient = 0
        /// Archives deleted after their retention.
        public var archivesDeleted = 0
        /// Rows minimised: their personal values replaced by proof (`--retain-pii`).
        public var minimised = 0
        /// Of those, rows that needed a person and reached `--retain-pii-max` first.
        public var minimisedPastMaximum = 0
        /// Open-order failures given up because their values reached `--retain-pii-max`.
        public var gaveUpAtRetention = 0

        /// Creates an empty tally.
        public init() {}

        /// Whether the pass changed anything.
        public var isEmpty: Bool { self == Tally() }
    }

    /// Another process (a `run`, another `follow-up`) holds the run: it is skipped, not waited for.
    public struct InUse: Error, CustomStringConvertible {
        /// The run's name.
        public var run: String
        /// A note for the digest.
        public var description: String { "skipped: in use by another privacy-batch process (it does this run's work)" }
    }

    /// Opens the run in `folder`, taking its lock at once or throwing ``InUse`` when another process has it.
    public init(folder: RunFolder) async throws {
        try folder.checkIfPresent()
        guard let lock = try RunLock.ifFree(folder: folder) else { throw InUse(run: folder.name) }
        self.lock = lock
        self.folder = folder
        ledger = try Ledger(path: folder.ledger)
        guard let record = try await ledger.run() else {
            throw ConfigurationError("the ledger \(folder.ledger) holds no run")
        }
        self.record = record
        audit = try await RunAudit.open(folder: folder, ledger: ledger)
    }

    /// What is due at `now` under `policy`, from the ledger alone.
    public func dueWork(at now: Date, policy: FollowUpPolicy) async throws -> DueWork {
        var due = DueWork()
        if let next = try await ledger.nextCheckDate() { due.tasksToCheck = next <= now }
        if let earliest = try await ledger.earliestOpenOrderFailure().flatMap(Timestamp.date(from:)) {
            due.reopens = earliest.addingTimeInterval(policy.reopenAfter) <= now
        }
        due.inFlight = try await Self.unsent(in: ledger)
        if policy.archiveProtection(for: record) != nil {
            due.archives = try await TaskTracker.archivesToDownloadCount(in: ledger)
        }
        return due
    }

    /// Rows the ledger holds that are not answered: left in flight, reopened, or stopped before they were sent.
    static func unsent(in ledger: Ledger) async throws -> Int {
        let states = try await ledger.stateCounts()
        return RowState.unsent.reduce(0) { $0 + (states[$1] ?? 0) }
    }

    /// When this run next has something to do under `policy`, or `nil` when nothing is left to follow.
    public func nextWakeUp(policy: FollowUpPolicy) async throws -> Date? {
        let check = try await ledger.nextCheckDate()
        let reopen = try await ledger.earliestOpenOrderFailure().flatMap(Timestamp.date(from:))
            .map { $0.addingTimeInterval(policy.reopenAfter) }
        // Minimising is not waited for: a watch ends when the API work does, and the hourly pass minimises.
        return [check, reopen].compactMap { $0 }.min()
    }

    /// Does what is due at `now` without the API: records the policy (the reports show the next reopen from it),
    /// gives up the open-order failures first sent longer than `giveUpAfter` ago, and deletes the archives handed
    /// over and kept longer than `keepArchives`.
    public func settle(policy: FollowUpPolicy, now: Date = Date()) async throws -> Tally {
        var tally = Tally()
        try await ledger.recordFollowUpSettings(reopenAfter: policy.reopenAfter, giveUpAfter: policy.giveUpAfter)
        let givingUp = try await ledger.openOrderFailures(
            submittedBy: Timestamp.string(now.addingTimeInterval(-policy.giveUpAfter)))
        try await audit.commit(givingUp.map { .gaveUp(row: $0, taskId: nil, subject: nil) }) {
            try await ledger.giveUp(givingUp)
        }
        tally.gaveUp = givingUp.count
        tally.archivesDeleted = try await deleteArchives(
            savedBy: Timestamp.string(now.addingTimeInterval(-policy.keepArchives)))
        return tally
    }

    /// Deletes, a page at a time, the archives past their retention (``RunFolder/deleteArchives(_:)``).
    private func deleteArchives(savedBy: String) async throws -> Int {
        var deleted = 0
        var after = 0
        while true {
            let page = try await ledger.archivesPastRetention(savedBy: savedBy, after: after, limit: 256)
            guard let last = page.last else { return deleted }
            after = last.row
            let gone = try await folder.deleteArchives(page)
            let events = try await ledger.rows(numbered: gone).map { row in
                AuditEvent.archiveDeleted(
                    row: row.row, size: row.archiveSize, sha256: row.archiveSHA256, subject: RunAudit.subject(of: row))
            }
            try await audit.commit(events) { try await ledger.recordArchivesDeleted(gone) }
            deleted += gone.count
        }
    }

    /// Minimises the rows whose retention has passed at `now` (the run's `--retain-pii`, unless `policy` gives
    /// another).
    public func minimise(policy: FollowUpPolicy, now: Date = Date()) async throws -> Tally {
        let retention = RetentionPolicy.of(
            record, finished: policy.retainPII, needingPerson: policy.retainPIIMax)
        let done = try await Minimiser(folder: folder, ledger: ledger, record: record, audit: audit)
            .minimise(.retention(retention), now: now)
        var tally = Tally()
        tally.minimised = done.minimised
        tally.minimisedPastMaximum = done.pastMaximum
        tally.gaveUpAtRetention = done.gaveUp
        tally.archivesDeleted = done.archivesDeleted
        return tally
    }

    /// Does what is due at `now` through the API: refreshes the open tasks due, sends again the open-order
    /// failures due (as new tasks, claimed in the request index), sends the rows left in flight, and downloads
    /// the archives of completed retrievals into the run's `data/` folder.
    public func pass(
        tracker: TaskTracker,
        settings: SubmissionSettings,
        policy: FollowUpPolicy,
        index: RequestIndex?,
        now: Date = Date()
    ) async throws -> Tally {
        var tally = Tally()
        var tracker = tracker
        tracker.audit = audit
        // A failure this pass records is not sent again by the same pass, whatever `now` says: rows are reopened
        // only when last recorded before the pass began (the ledger's own clock).
        let passBegan = Timestamp.now()
        let refresh = try await tracker.refreshOpen(ledger: ledger, dueBy: now, schedule: PollSchedule(apiOf: record))
        tally.refreshed = refresh.refreshed
        tally.unknown = refresh.unknown
        tally.queriesFailed = refresh.failed
        let scope = RequestScope(endpoint: record.endpoint, targetID: record.targetID)
        let claims = RunClaims(
            index: index, run: record.name, scope: scope, recordKey: try index?.keyring.key(for: scope))
        (tally.reopened, tally.superseded) = try await reopen(
            finalBy: now.addingTimeInterval(-policy.reopenAfter), seenBefore: passBegan, claims: claims,
            pageSize: tracker.pageSize)
        if try await Self.unsent(in: ledger) > 0 {
            let engine = SubmissionEngine(api: tracker.client, settings: settings, caller: tracker.caller)
            let sent = try await engine.submit(
                ledger: ledger, run: record, reader: nil, claims: claims, storedOnly: true, audit: audit)
            tally.sent = sent.accepted
            tally.notSent = sent.rejected + sent.gaveUp + sent.notSent
        }
        let archives = try await TaskTracker.archivesToDownloadCount(in: ledger)
        if archives > 0 {
            if let protection = policy.archiveProtection(for: record) {
                _ = try await folder.sweepPartialArchives()
                let downloads = try await tracker.downloadArchives(
                    into: folder.archives, ledger: ledger, protection: protection)
                tally.archivesSaved = downloads.saved
                tally.archivesFailed = downloads.failed
            } else {
                tally.archivesWithoutRecipient = archives
            }
        }
        return tally
    }

    /// Claims, a page at a time, the requests of the open-order failures seen final by `finalBy`, and marks them
    /// to be sent again (or superseded, when another row holds the request now).
    private func reopen(
        finalBy: Date, seenBefore: String, claims: RunClaims, pageSize: Int
    ) async throws -> (Int, Int) {
        var reopened = 0
        var superseded = 0
        var after = 0
        let cutoff = Timestamp.string(finalBy)
        while true {
            let page = try await ledger.openOrderFailures(
                finalBy: cutoff, seenBefore: seenBefore, after: after, limit: pageSize)
            guard let last = page.last else { break }
            after = last.row
            let items = page.compactMap { row -> (row: Int, request: PrivacyRequest)? in
                guard let type = row.type, let email = row.email else { return nil }
                let request = PrivacyRequest(
                    type: type, email: email, holdingPeriod: row.holdingPeriod, reason: row.reason)
                return (row.row, request)
            }
            let decided = try await claims.claim(items)
            var tokens: [Int: String] = [:]
            var held: [Int: EarlierRequest] = [:]
            var events: [AuditEvent] = []
            for (row, request) in items {
                let stored = page.first { $0.row == row }
                let failedTask = stored?.taskId
                let subject = stored.flatMap(RunAudit.subject(of:))
                switch decided[row] ?? .send(generation: failedTask) {
                case .send(let generation):
                    // No entry in the index (a request index deleted, or a record key replaced): the row's own failed
                    // task is still the generation, so the reopen is a new task and not the failed one answered again.
                    tokens[row] = ClientToken.derive(
                        request, scope: claims.scope, generation: generation ?? failedTask, key: claims.recordKey)
                case .alreadyRequested(let earlier)
                where earlier.run == record.name && earlier.row == row && earlier.taskId == failedTask:
                    // The index still sees this row's own failed task as open (it could not read this ledger, which
                    // this pass holds): the ledger says FAILED, so it is sent again.
                    tokens[row] = ClientToken.derive(
                        request, scope: claims.scope, generation: failedTask, key: claims.recordKey)
                case .alreadyRequested(let earlier):
                    held[row] = earlier
                    events.append(
                        .alreadyRequested(row: row, taskId: earlier.taskId, status: earlier.status, subject: subject))
                }
                if let token = tokens[row] {
                    events.append(.reopened(row: row, previousTaskId: failedTask, clientToken: token, subject: subject))
                }
            }
            try await audit.commit(events) { try await ledger.reopen(tokens, superseded: held) }
            reopened += tokens.count
            superseded += held.count
            if page.count < pageSize { break }
        }
        return (reopened, superseded)
    }
}

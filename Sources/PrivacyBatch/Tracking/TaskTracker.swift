import Foundation
import PrivacyBatchAPI
import PrivacyBatchCore
import PrivacyBatchLedger

/// Follows a run's tasks: queries them through the run's limiter and retry rules and records what it learns.
public struct TaskTracker: Sendable {
    /// Counts of one refresh.
    public struct Tally: Sendable, Equatable {
        /// Tasks the API answered for.
        public var refreshed = 0
        /// Tasks the API no longer knows.
        public var unknown = 0
        /// Queries given up after retries.
        public var failed = 0
    }

    let client: any PrivacyAPI
    let caller: RetryingCaller
    let concurrency: Int
    /// Rows read from the ledger at a time: what tracking holds, whatever the size of the run.
    public var pageSize = 512
    /// Told how many answers each durable batch held, for a progress line; nothing by default.
    public var progress: (@Sendable (Int) async -> Void)?
    /// The run's audit log: status changes, cancels and archives are logged there before the ledger records them.
    public var audit: RunAudit?

    /// Creates a tracker that calls the API through `client` with the pacing and retries of `caller`.
    public init(client: any PrivacyAPI, caller: RetryingCaller, concurrency: Int) {
        self.client = client
        self.caller = caller
        self.concurrency = concurrency
    }

    /// Queries the tasks of `rows` once and records their status and errors in the ledger.
    public func refresh(_ rows: [LedgerRow], ledger: Ledger) async throws -> Tally {
        var remaining = rows[...]
        let pageSize = pageSize
        return try await refresh(
            pages: {
                guard !remaining.isEmpty else { return nil }
                let page = Array(remaining.prefix(pageSize))
                remaining = remaining.dropFirst(page.count)
                return page
            },
            ledger: ledger,
            schedule: nil
        )
    }

    /// Queries the tasks of the submitted rows of `scope` once (e.g. those events name), a page at a time.
    public func refresh(_ scope: Ledger.Scope, ledger: Ledger) async throws -> Tally {
        var after = 0
        var finished = false
        let pageSize = pageSize
        return try await refresh(
            pages: {
                guard !finished else { return nil }
                let page = try await ledger.submittedRows(scope, after: after, limit: pageSize)
                after = page.last?.row ?? after
                finished = page.count < pageSize
                return page.isEmpty ? nil : page
            },
            ledger: ledger,
            schedule: nil
        )
    }

    /// Queries every open task due at `due` once, reading them from the ledger a page at a time, and
    /// records their status, errors and (with a `schedule`) when each is next worth asking about.
    public func refreshOpen(
        ledger: Ledger, dueBy due: Date = .distantFuture, schedule: PollSchedule?
    ) async throws
        -> Tally
    {
        var cursor = Ledger.DueCursor.start
        var finished = false
        let pageSize = pageSize
        return try await refresh(
            pages: {
                guard !finished else { return nil }
                let page = try await ledger.openRows(dueBy: due, after: cursor, limit: pageSize)
                cursor = page.next
                finished = page.rows.count < pageSize
                return page.rows.isEmpty ? nil : page.rows
            },
            ledger: ledger,
            schedule: schedule
        )
    }

    /// Queries the tasks of the rows `pages` hands out, until it returns `nil`.
    private func refresh(
        pages: () async throws -> [LedgerRow]?,
        ledger: Ledger,
        schedule: PollSchedule?
    ) async throws -> Tally {
        var tally = Tally()
        try await dispatcher(answering: (LedgerRow, RetryingCaller.Outcome<TaskSnapshot>).self).run(
            nextChunk: pages,
            work: { [client, caller] row in
                guard let taskId = row.taskId, let type = row.type else { return (row, .stopped(nil, attempts: 0)) }
                return (
                    row, await caller.call { () async throws(APIFailure) in try await client.task(taskId, type: type) }
                )
            },
            notSent: { row in (row, .stopped(nil, attempts: 0)) },
            flush: { answers in
                await progress?(answers.count)
                var snapshots: [(row: Int, snapshot: TaskSnapshot)] = []
                var checks: [(row: Int, at: Date)] = []
                var events: [AuditEvent] = []
                let now = Date()
                for (row, outcome) in answers {
                    var seen = row
                    switch outcome {
                    case .answered(let snapshot, _):
                        snapshots.append((row.row, snapshot))
                        if snapshot.status != row.taskStatus {
                            events.append(
                                .statusChanged(
                                    row: row.row, taskId: row.taskId, old: row.taskStatus, new: snapshot.status,
                                    subject: RunAudit.subject(of: row)))
                        }
                        seen.taskStatus = snapshot.status
                        tally.refreshed += 1
                    case .refused(let failure, _):
                        tally.unknown += 1
                        try await ledger.recordRefusal(row: row.row, failure: failure)
                    case .gaveUp: tally.failed += 1
                    case .stopped: continue
                    }
                    if let schedule { checks.append((row.row, schedule.nextCheck(for: seen, now: now))) }
                }
                try await logged(events) { try await ledger.recordSnapshots(snapshots) }
                try await ledger.scheduleChecks(checks)
            }
        )
        return tally
    }

    /// Runs `change` after logging `events`, when the run is audited.
    func logged(_ events: [AuditEvent], _ change: () async throws -> Void) async throws {
        if let audit { try await audit.commit(events, change) } else { try await change() }
    }

    /// A dispatcher over rows at the pace of this tracker's limiter.
    func dispatcher<Answer: Sendable>(answering: Answer.Type) -> PacedDispatcher<LedgerRow, Answer> {
        PacedDispatcher(concurrency: concurrency, limiter: caller.limiter, stop: caller.stop)
    }

    /// Refreshes open tasks as they become due until none is open or the run stops.
    ///
    /// Each round reads the tasks due now from the ledger in pages, so memory does not grow with the run;
    /// `afterRound` is called after each round that checked something, with the count of tasks still open.
    public func watch(
        ledger: Ledger,
        schedule: PollSchedule,
        afterRound: (Int) async throws -> Void = { _ in }
    ) async throws {
        while !caller.stop.isStopped {
            guard let due = try await ledger.nextCheckDate() else { return }
            if due <= Date() {
                let tally = try await refreshOpen(ledger: ledger, dueBy: Date(), schedule: schedule)
                if tally.refreshed + tally.unknown + tally.failed > 0 {
                    try await afterRound(try ledger.openTaskCount())
                }
                continue
            }
            // Until the next task is due, or at once when the run is stopped or the task cancelled.
            _ = await caller.stop.sleep(until: .now + .seconds(max(0, due.timeIntervalSinceNow)))
        }
    }
}

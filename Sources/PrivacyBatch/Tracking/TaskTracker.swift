import Foundation

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

    let client: PrivacyAPIClient
    let caller: RetryingCaller
    let concurrency: Int

    /// Creates a tracker that calls the API through `client` with the pacing and retries of `caller`.
    public init(client: PrivacyAPIClient, caller: RetryingCaller, concurrency: Int) {
        self.client = client
        self.caller = caller
        self.concurrency = concurrency
    }

    /// Queries the tasks of `rows` once and records their status and errors in the ledger.
    public func refresh(_ rows: [LedgerRow], ledger: Ledger) async throws -> Tally {
        var tally = Tally()
        try await dispatcher(answering: (Int, RetryingCaller.Outcome<TaskSnapshot>).self).run(
            over: rows.filter { $0.taskId != nil && $0.type != nil },
            work: { [client, caller] row in
                guard let taskId = row.taskId, let type = row.type else { return (row.row, .stopped(nil, attempts: 0)) }
                return (
                    row.row,
                    await caller.call { () async throws(APIFailure) in try await client.task(taskId, type: type) }
                )
            },
            notSent: { row in (row.row, .stopped(nil, attempts: 0)) },
            flush: { answers in
                var snapshots: [(row: Int, snapshot: TaskSnapshot)] = []
                for (row, outcome) in answers {
                    switch outcome {
                    case .answered(let snapshot, _):
                        snapshots.append((row, snapshot))
                        tally.refreshed += 1
                    case .refused(let failure, _):
                        tally.unknown += 1
                        try await ledger.recordRefusal(row: row, failure: failure)
                    case .gaveUp: tally.failed += 1
                    case .stopped: break
                    }
                }
                try await ledger.recordSnapshots(snapshots)
            }
        )
        return tally
    }

    /// A dispatcher over rows at the pace of this tracker's limiter.
    func dispatcher<Answer: Sendable>(answering: Answer.Type) -> PacedDispatcher<LedgerRow, Answer> {
        PacedDispatcher(concurrency: concurrency, limiter: caller.limiter, stop: caller.stop)
    }

    /// Refreshes open tasks as they become due until none is open or the run stops.
    ///
    /// `afterRound` is called after each refresh with the rows still open.
    public func watch(
        ledger: Ledger,
        schedule: PollSchedule,
        afterRound: (Int) async throws -> Void = { _ in }
    ) async throws {
        var nextCheck: [Int: Date] = [:]
        while !caller.stop.isStopped {
            let open = try ledger.rowsToFollow()
            if open.isEmpty { return }
            let now = Date()
            let due = open.filter { (nextCheck[$0.row] ?? .distantPast) <= now }
            if !due.isEmpty {
                _ = try await refresh(due, ledger: ledger)
                let seen = Date()
                let refreshed = try ledger.rowsToFollow()
                let dueRows = Set(due.map(\.row))
                for row in refreshed where dueRows.contains(row.row) {
                    nextCheck[row.row] = schedule.nextCheck(for: row, now: seen)
                }
                try await afterRound(refreshed.count)
                continue
            }
            let wake = open.compactMap { nextCheck[$0.row] }.min() ?? now
            while Date() < wake && !caller.stop.isStopped {
                try? await Task.sleep(for: .seconds(min(wake.timeIntervalSinceNow, 0.2)))
            }
        }
    }
}

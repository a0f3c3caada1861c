import Foundation
import GRDB

/// All tasks and clientToken records, in SQLite (``StateDatabase``), never all in memory.
///
/// Each operation is one transaction, so a check and the change it allows (a clientToken lookup and the new
/// task, a status check and the cancellation) cannot interleave with another request's. Statuses are computed
/// from timestamps when a task is read; only events need a sweep, and it reads the due tasks from an index.
struct TaskStore: Sendable {
    private let database: StateDatabase
    /// The most events one sweep takes; the caller asks again while a sweep comes back full.
    static let eventBatch = 1_000

    init(database: StateDatabase, timing: LifecycleTiming) throws {
        self.database = database
        try database.prepare(timing: timing)
    }

    enum StartOutcome: Sendable {
        case created(String)
        case replayed(String)
    }

    /// Creates a task, or answers a repeated clientToken; `fate` is decided by the caller from the directory.
    func start(
        _ submission: TaskSubmission, fate: ShopperDirectory.Fate, now: Date, window: Double, timing: LifecycleTiming
    ) async throws -> StartOutcome {
        try await database.pool.write { db in
            if let token = submission.clientToken, let record = try StateDatabase.record(db, token: token),
                now.timeIntervalSince(record.createdAt) < window
            {
                guard record.fingerprint == submission.fingerprint else { throw SimulatorAPIError.conflict }
                return .replayed(record.taskID)
            }
            let failure = try Self.failure(db, fate: fate, email: submission.email, now: now, timing: timing)
            let task = SimulatedTask(
                taskID: UUID().uuidString.lowercased(), kind: submission.kind, email: submission.email,
                holdingPeriod: submission.kind == .deletion ? submission.holdingPeriod : nil,
                reason: submission.reason, clientToken: submission.clientToken, submittedAt: now, cancelledAt: nil,
                failure: failure, eventEmitted: false)
            let record = submission.clientToken.map {
                IdempotencyRecord(
                    clientToken: $0, fingerprint: submission.fingerprint, taskID: task.taskID, createdAt: now)
            }
            try StateDatabase.insert(db, task, record: record, timing: timing)
            return .created(task.taskID)
        }
    }

    /// The failure a task submitted `now` is bound for: orders that close some days after the shopper's first
    /// deletion task are still open for every deletion submitted before then.
    private static func failure(
        _ db: Database, fate: ShopperDirectory.Fate, email: String, now: Date, timing: LifecycleTiming
    ) throws -> TaskFailure? {
        switch fate {
        case .succeeds: return nil
        case .fails(let failure): return failure
        case .ordersOpenFor(let days):
            let first = try Double.fetchOne(
                db, sql: "SELECT MIN(submittedAt) FROM task WHERE kind = 'deletion' AND lower(email) = lower(?)",
                arguments: [email])
            let closesAt = (first ?? now.timeIntervalSince1970) + days * timing.daySeconds
            return now.timeIntervalSince1970 < closesAt ? .ordersNotClosed : nil
        }
    }

    func task(_ taskID: String, kind: TaskKind) async throws -> SimulatedTask? {
        try await database.pool.read { db in
            guard let task = try StateDatabase.task(db, id: taskID), task.kind == kind else { return nil }
            return task
        }
    }

    func cancel(_ taskID: String, now: Date, timing: LifecycleTiming) async throws -> SimulatedTask {
        try await database.pool.write { db in
            guard var task = try StateDatabase.task(db, id: taskID), task.kind == .deletion else {
                throw SimulatorAPIError.notFound
            }
            let status = task.state(at: now, timing: timing).status
            guard status == .onHold else { throw SimulatorAPIError.cannotCancel(status: status.rawValue) }
            try db.execute(
                sql: "UPDATE task SET cancelledAt = ? WHERE taskId = ?",
                arguments: [now.timeIntervalSince1970, taskID])
            task.cancelledAt = now
            return task
        }
    }

    /// Up to ``eventBatch`` tasks that became terminal and have not had their event yet, in the order they
    /// turned terminal; they are marked emitted here, exactly once.
    func takeDueEvents(now: Date, timing: LifecycleTiming) async throws -> [SimulatedTask] {
        try await database.pool.write { db in
            let due = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM task INDEXED BY task_due_events
                    WHERE eventEmitted = 0 AND cancelledAt IS NULL AND terminalAt <= ?
                    ORDER BY terminalAt, seq LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, Self.eventBatch]
            )
            .compactMap(StateDatabase.task)
            let statement = try db.cachedStatement(sql: "UPDATE task SET eventEmitted = 1 WHERE taskId = ?")
            for task in due { try statement.execute(arguments: [task.taskID]) }
            return due.map { task in
                var emitted = task
                emitted.eventEmitted = true
                return emitted
            }
        }
    }

    /// Every task in creation order.
    func allTasks() async throws -> [SimulatedTask] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM task ORDER BY seq").compactMap(StateDatabase.task)
        }
    }
}

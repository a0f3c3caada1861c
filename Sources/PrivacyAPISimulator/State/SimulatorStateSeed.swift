import Foundation
import GRDB

/// Tasks written straight into a simulator's state file: a sandbox of a million tasks for the scale benchmark,
/// which a real run would take far longer than the measurement to build.
///
/// The state file's schema stays the simulator's own: the benchmark says which tasks exist, never how they
/// are stored. Open the file once with ``PrivacyAPISimulator/init(configuration:)`` first, which creates the
/// schema and records the timing.
package struct SimulatorStateSeed: Sendable {
    /// One task as the simulator would have created it.
    package struct Task: Sendable {
        /// The task id.
        package var taskID: String
        /// A retrieval rather than a deletion.
        package var isRetrieval: Bool
        /// The shopper's email.
        package var email: String
        /// A deletion's holding period in days.
        package var holdingPeriod: Int?
        /// The client token it was started with.
        package var clientToken: String
        /// When it was started.
        package var submittedAt: Date
        /// Ends FAILED with `ORDERS_NOT_CLOSED`.
        package var ordersNotClosed: Bool
        /// Whether its completion event was already emitted (a final task).
        package var eventEmitted: Bool

        /// Creates a task.
        package init(
            taskID: String, isRetrieval: Bool, email: String, holdingPeriod: Int?, clientToken: String,
            submittedAt: Date, ordersNotClosed: Bool, eventEmitted: Bool
        ) {
            self.taskID = taskID
            self.isRetrieval = isRetrieval
            self.email = email
            self.holdingPeriod = holdingPeriod
            self.clientToken = clientToken
            self.submittedAt = submittedAt
            self.ordersNotClosed = ordersNotClosed
            self.eventEmitted = eventEmitted
        }
    }

    private let stateFile: String
    private let timing: LifecycleTiming

    /// Seeds the state file of a simulator configured with `configuration`.
    package init(configuration: SimulatorConfiguration) throws {
        guard let stateFile = configuration.stateFile else {
            throw SimulatorError.stateFile(path: "", reason: "seeding needs a state file")
        }
        self.stateFile = stateFile
        timing = LifecycleTiming(daySeconds: configuration.daySeconds, processingDays: configuration.processingDays)
    }

    /// Writes `tasks` and their clientToken records, 50,000 to a transaction.
    package func write(_ tasks: [Task]) throws {
        let pool = try DatabasePool(path: stateFile)
        for start in stride(from: 0, to: tasks.count, by: 50_000) {
            try pool.write { db in
                for task in tasks[start..<min(start + 50_000, tasks.count)] {
                    let kind: TaskKind = task.isRetrieval ? .retrieval : .deletion
                    let simulated = SimulatedTask(
                        taskID: task.taskID, kind: kind, email: task.email, holdingPeriod: task.holdingPeriod,
                        reason: nil, clientToken: task.clientToken, submittedAt: task.submittedAt, cancelledAt: nil,
                        failure: task.ordersNotClosed ? .ordersNotClosed : nil, eventEmitted: task.eventEmitted)
                    // The simulator's own idempotency fingerprint, as if the task had been started through the API.
                    let fingerprint = TaskSubmission(
                        kind: kind, email: task.email, holdingPeriod: task.holdingPeriod, reason: nil,
                        clientToken: task.clientToken
                    ).fingerprint
                    try StateDatabase.insert(
                        db, simulated,
                        record: IdempotencyRecord(
                            clientToken: task.clientToken, fingerprint: fingerprint, taskID: task.taskID,
                            createdAt: task.submittedAt),
                        timing: timing)
                }
            }
        }
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Starts every task whose event is still owed again at `now`, so tasks written minutes ago are still in
    /// their holding period (a sandbox day lasts seconds).
    package func restartOpenTasks(now: Date) throws {
        try DatabasePool(path: stateFile).write { db in
            try db.execute(
                sql: """
                    UPDATE task SET submittedAt = ?, terminalAt = ? + (COALESCE(holdingPeriod, 0) + ?) * ?
                    WHERE eventEmitted = 0
                    """,
                arguments: [
                    now.timeIntervalSince1970, now.timeIntervalSince1970, timing.processingDays, timing.daySeconds,
                ])
        }
    }
}

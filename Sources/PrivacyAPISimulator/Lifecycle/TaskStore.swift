import Foundation

/// All tasks and clientToken records; an actor because every request task reads and writes them.
actor TaskStore {
    private var tasks: [String: SimulatedTask] = [:]
    private var order: [String] = []
    private var records: [String: IdempotencyRecord] = [:]
    /// Tasks whose terminal event is still owed, so the sweeper does not scan everything.
    private var pendingEvents: Set<String> = []
    private let database: StateDatabase?

    init(database: StateDatabase?) throws {
        self.database = database
        if let database {
            let loaded = try database.load()
            for task in loaded.tasks {
                tasks[task.taskID] = task
                order.append(task.taskID)
                if !task.eventEmitted && task.cancelledAt == nil { pendingEvents.insert(task.taskID) }
            }
            for record in loaded.records { records[record.clientToken] = record }
        }
    }

    enum StartOutcome: Sendable {
        case created(String)
        case replayed(String)
    }

    /// Creates a task, or answers a repeated clientToken; `failure` is decided by the caller from the directory.
    func start(
        _ submission: TaskSubmission, failure: TaskFailure?, now: Date, window: Double
    ) throws -> StartOutcome {
        if let token = submission.clientToken, let record = records[token],
            now.timeIntervalSince(record.createdAt) < window
        {
            guard record.fingerprint == submission.fingerprint else { throw SimulatorAPIError.conflict }
            return .replayed(record.taskID)
        }
        let task = SimulatedTask(
            taskID: UUID().uuidString.lowercased(), kind: submission.kind, email: submission.email,
            holdingPeriod: submission.kind == .deletion ? submission.holdingPeriod : nil, reason: submission.reason,
            clientToken: submission.clientToken, submittedAt: now, cancelledAt: nil, failure: failure,
            eventEmitted: false)
        let record = submission.clientToken.map {
            IdempotencyRecord(clientToken: $0, fingerprint: submission.fingerprint, taskID: task.taskID, createdAt: now)
        }
        try database?.insert(task, record: record)
        tasks[task.taskID] = task
        order.append(task.taskID)
        pendingEvents.insert(task.taskID)
        if let record { records[record.clientToken] = record }
        return .created(task.taskID)
    }

    func task(_ taskID: String, kind: TaskKind) -> SimulatedTask? {
        guard let task = tasks[taskID], task.kind == kind else { return nil }
        return task
    }

    func cancel(_ taskID: String, now: Date, timing: LifecycleTiming) throws -> SimulatedTask {
        guard var task = tasks[taskID], task.kind == .deletion else { throw SimulatorAPIError.notFound }
        let status = task.state(at: now, timing: timing).status
        guard status == .onHold else { throw SimulatorAPIError.cannotCancel(status: status.rawValue) }
        try database?.markCancelled(taskID: taskID, at: now)
        task.cancelledAt = now
        tasks[taskID] = task
        pendingEvents.remove(taskID)
        return task
    }

    /// Tasks that became terminal and have not had their event yet; they are marked emitted here, exactly once.
    func takeDueEvents(now: Date, timing: LifecycleTiming) throws -> [SimulatedTask] {
        let due = pendingEvents.compactMap { tasks[$0] }.filter { $0.terminalDate(timing: timing) <= now }
            .sorted { $0.terminalDate(timing: timing) < $1.terminalDate(timing: timing) }
        guard !due.isEmpty else { return [] }
        try database?.markEmitted(taskIDs: due.map(\.taskID))
        for task in due {
            pendingEvents.remove(task.taskID)
            tasks[task.taskID]?.eventEmitted = true
        }
        return due
    }

    func allTasks() -> [SimulatedTask] {
        order.compactMap { tasks[$0] }
    }
}

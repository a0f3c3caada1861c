import Foundation
import GRDB

/// The SQLite file that holds every task and clientToken record, so memory stays flat at a million tasks.
///
/// With `stateFile` it is that file, and tasks survive a restart; without it, a private temporary file that
/// is removed when the simulator goes. A pool opens it in WAL mode, so an inspecting reader never blocks the
/// simulator, with `synchronous = NORMAL`: a commit costs no disk sync (WAL syncs at checkpoints), which a
/// test oracle can afford. Every access is GRDB's async form, so no request thread of the cooperative pool
/// waits on the disk; SQLite's own page cache, 1 MiB per connection, is the only cache.
final class StateDatabase: Sendable {
    let pool: DatabasePool
    private let temporaryPath: String?

    /// Opens (creating it `0600` if needed) the state file at `path`, or a temporary one when `path` is `nil`.
    init(path: String?) throws {
        let file =
            path
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent(
                "privacy-api-simulator-\(UUID().uuidString).sqlite")
        temporaryPath = path == nil ? file : nil
        let manager = FileManager.default
        if !manager.fileExists(atPath: file) {
            // Created by us first, 0600, because it records shopper emails; SQLite gives -wal/-shm the same mode.
            guard manager.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw SimulatorError.stateFile(path: file, reason: "cannot create the file")
            }
        }
        do {
            var configuration = Configuration()
            // Another simulator (a previous CLI command) may still be closing the file; wait rather than fail.
            configuration.busyMode = .timeout(10)
            // Each connection's page cache fills as the file grows: a writer and two readers of 1 MiB each keep
            // the simulator's share of a sandbox command flat from ten thousand tasks to a million.
            configuration.maximumReaderCount = 2
            // A temporary file dies with the simulator: nothing to keep safe, so not even a checkpoint syncs it.
            let synchronous = path == nil ? "OFF" : "NORMAL"
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous); PRAGMA cache_size = -1024")
            }
            pool = try DatabasePool(path: file, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw SimulatorError.stateFile(path: file, reason: "\(error)")
        }
    }

    deinit {
        guard let temporaryPath else { return }
        for suffix in ["", "-wal", "-shm"] { unlink(temporaryPath + suffix) }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-create-tasks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE task (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        taskId TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        email TEXT NOT NULL,
                        holdingPeriod INTEGER,
                        reason TEXT,
                        clientToken TEXT,
                        submittedAt REAL NOT NULL,
                        cancelledAt REAL,
                        failure TEXT,
                        eventEmitted INTEGER NOT NULL DEFAULT 0
                    )
                    """)
        }
        migrator.registerMigration("v1-create-idempotency") { db in
            try db.execute(
                sql: """
                    CREATE TABLE idempotency (
                        clientToken TEXT PRIMARY KEY,
                        fingerprint TEXT NOT NULL,
                        taskId TEXT NOT NULL,
                        createdAt REAL NOT NULL
                    )
                    """)
        }
        migrator.registerMigration("v2-due-events") { db in
            // When each task turns terminal under the timing in `timing`, indexed over the tasks whose event is
            // still owed, so a sweep reads only the due ones. Filled in by `prepare(timing:)`.
            try db.execute(
                sql: """
                    ALTER TABLE task ADD COLUMN terminalAt REAL;
                    CREATE INDEX task_due_events ON task(terminalAt) WHERE eventEmitted = 0 AND cancelledAt IS NULL;
                    CREATE TABLE timing (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        daySeconds REAL NOT NULL,
                        processingDays REAL NOT NULL
                    );
                    """)
        }
        return migrator
    }

    /// Records `timing` and, when the file was written under another one (or before `terminalAt` existed),
    /// recomputes when each task whose event is still owed turns terminal.
    func prepare(timing: LifecycleTiming) throws {
        try pool.write { db in
            let stored = try Row.fetchOne(db, sql: "SELECT daySeconds, processingDays FROM timing WHERE id = 1")
            if let stored, stored["daySeconds"] == timing.daySeconds, stored["processingDays"] == timing.processingDays
            {
                return
            }
            try db.execute(
                sql: """
                    UPDATE task SET terminalAt = submittedAt + (COALESCE(holdingPeriod, 0) + ?) * ?
                    WHERE eventEmitted = 0
                    """,
                arguments: [timing.processingDays, timing.daySeconds])
            try db.execute(
                sql: "INSERT OR REPLACE INTO timing (id, daySeconds, processingDays) VALUES (1, ?, ?)",
                arguments: [timing.daySeconds, timing.processingDays])
        }
    }

    /// Decodes a row of the `task` table.
    static func task(_ row: Row) -> SimulatedTask? {
        guard let kind = TaskKind(rawValue: row["kind"]) else { return nil }
        let failure: String? = row["failure"]
        let cancelled: Double? = row["cancelledAt"]
        return SimulatedTask(
            taskID: row["taskId"], kind: kind, email: row["email"], holdingPeriod: row["holdingPeriod"],
            reason: row["reason"], clientToken: row["clientToken"],
            submittedAt: Date(timeIntervalSince1970: row["submittedAt"]),
            cancelledAt: cancelled.map(Date.init(timeIntervalSince1970:)),
            failure: failure.flatMap(TaskFailure.init(rawValue:)),
            eventEmitted: row["eventEmitted"])
    }

    /// The task with `taskID`.
    static func task(_ db: Database, id taskID: String) throws -> SimulatedTask? {
        try Row.fetchOne(db, sql: "SELECT * FROM task WHERE taskId = ?", arguments: [taskID]).flatMap(task)
    }

    /// The clientToken record of `token`.
    static func record(_ db: Database, token: String) throws -> IdempotencyRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM idempotency WHERE clientToken = ?", arguments: [token]).map { row in
            IdempotencyRecord(
                clientToken: row["clientToken"], fingerprint: row["fingerprint"], taskID: row["taskId"],
                createdAt: Date(timeIntervalSince1970: row["createdAt"]))
        }
    }

    /// Stores a new task, and its clientToken record (replacing one whose window has passed).
    static func insert(
        _ db: Database, _ task: SimulatedTask, record: IdempotencyRecord?, timing: LifecycleTiming
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO task (taskId, kind, email, holdingPeriod, reason, clientToken, submittedAt, failure,
                                  terminalAt, eventEmitted)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                task.taskID, task.kind.rawValue, task.email, task.holdingPeriod, task.reason, task.clientToken,
                task.submittedAt.timeIntervalSince1970, task.failure?.rawValue,
                task.terminalDate(timing: timing).timeIntervalSince1970, task.eventEmitted,
            ])
        if let record {
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO idempotency (clientToken, fingerprint, taskId, createdAt) VALUES (?, ?, ?, ?)",
                arguments: [
                    record.clientToken, record.fingerprint, record.taskID, record.createdAt.timeIntervalSince1970,
                ])
        }
    }
}

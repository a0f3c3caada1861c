import Foundation
import GRDB

/// The SQLite file behind `stateFile`: tasks and idempotency records survive a restart.
///
/// A pool opens the file in WAL mode, so an inspecting reader never blocks the simulator.
final class StateDatabase: Sendable {
    private let pool: DatabasePool

    init(path: String) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            // Created by us first, 0600, because it records shopper emails; SQLite gives -wal/-shm the same mode.
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw SimulatorError.stateFile(path: path, reason: "cannot create the file")
            }
        }
        do {
            var configuration = Configuration()
            // Another simulator (a previous CLI command) may still be closing the file; wait rather than fail.
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw SimulatorError.stateFile(path: path, reason: "\(error)")
        }
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
        return migrator
    }

    func load() throws -> (tasks: [SimulatedTask], records: [IdempotencyRecord]) {
        try pool.read { db in
            let tasks = try Row.fetchAll(db, sql: "SELECT * FROM task ORDER BY seq").compactMap {
                row -> SimulatedTask? in
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
            let records = try Row.fetchAll(db, sql: "SELECT * FROM idempotency").map { row in
                IdempotencyRecord(
                    clientToken: row["clientToken"], fingerprint: row["fingerprint"], taskID: row["taskId"],
                    createdAt: Date(timeIntervalSince1970: row["createdAt"]))
            }
            return (tasks, records)
        }
    }

    func insert(_ task: SimulatedTask, record: IdempotencyRecord?) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO task (taskId, kind, email, holdingPeriod, reason, clientToken, submittedAt, failure)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    task.taskID, task.kind.rawValue, task.email, task.holdingPeriod, task.reason, task.clientToken,
                    task.submittedAt.timeIntervalSince1970, task.failure?.rawValue,
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

    func markCancelled(taskID: String, at date: Date) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE task SET cancelledAt = ? WHERE taskId = ?",
                arguments: [date.timeIntervalSince1970, taskID])
        }
    }

    func markEmitted(taskIDs: [String]) throws {
        try pool.write { db in
            for taskID in taskIDs {
                try db.execute(sql: "UPDATE task SET eventEmitted = 1 WHERE taskId = ?", arguments: [taskID])
            }
        }
    }
}

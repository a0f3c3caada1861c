import Foundation
import GRDB
import PrivacyBatchCore

/// Which shopper requests already have a task, over every run in one reports folder (`<reports>/requests.sqlite`).
///
/// Every run asks it before sending a row (``claim(_:run:scope:allowRepeat:)``), in one IMMEDIATE transaction
/// per chunk, so two processes working on overlapping files cannot both take the same request. A row is sent
/// only when no other row holds its request, or when the holder's task ended FAILED, CANCELLED (or the API
/// rejected its input), or COMPLETED with `--allow-repeat`; the decision itself is ``RequestIndexPolicy``.
///
/// Task statuses are kept up to date lazily: the index records who holds a request (run and row) and, when a
/// run asks about a request another row holds, it reads that row's current status from the holder's ledger
/// (which `status`, `events apply` and `run --wait` keep current) and stores it. So the index never needs the
/// tracking code to tell it anything, and it outlives the API's 8-hour idempotency window.
public final class RequestIndex: Sendable {
    /// The file's path.
    public let path: String
    private let reports: String
    private let database: DatabaseQueue

    /// Where the index of the runs under `reports` lives.
    public static func path(reports: String) -> String {
        (reports as NSString).appendingPathComponent("requests.sqlite")
    }

    /// Opens (creating it `0600` if needed) the index of the runs under `reports`.
    public init(reports: String) throws {
        self.reports = reports
        path = Self.path(reports: reports)
        // Runs of two processes may claim at once: a longer wait than a ledger's, which one process owns.
        database = try DurableDatabase.open(path: path, busyTimeout: 30, migrator: Self.migrator)
    }

    /// Decides, for each row of `items` that `run` is about to send, whether it may go, and records the rows
    /// that may as holding their requests. Rows the run already holds are answered `.send` with their generation.
    public func claim(
        _ items: [(row: Int, request: PrivacyRequest)],
        run: String,
        scope: RequestScope,
        allowRepeat: Bool
    ) async throws -> [Int: RequestClaim] {
        guard !items.isEmpty else { return [:] }
        let reports = reports
        let now = Timestamp.now()
        return try await database.writeWithoutTransaction { db in
            var claims: [Int: RequestClaim] = [:]
            var holders = HolderLedgers(reports: reports)
            try db.inTransaction(.immediate) {
                for (row, request) in items {
                    let key = RequestKey(scope: scope, request: request)
                    let entry = try Self.entry(db, key: key, refreshingFrom: &holders, asking: (run, row))
                    let verdict = RequestIndexPolicy.verdict(for: entry, run: run, row: row, allowRepeat: allowRepeat)
                    claims[row] = verdict.claim
                    switch verdict {
                    case .hold(let generation) where entry?.run != run || entry?.row != row || entry?.taskId != nil:
                        try db.execute(
                            sql: """
                                INSERT INTO request (endpoint, target, type, email, run, row, taskId, status,
                                                     generation, updatedAt)
                                VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)
                                ON CONFLICT (endpoint, target, type, email) DO UPDATE SET run = excluded.run,
                                    row = excluded.row, taskId = NULL, status = NULL,
                                    generation = excluded.generation, updatedAt = excluded.updatedAt
                                """,
                            arguments: [
                                key.scope.endpoint, key.scope.targetID, key.type.rawValue, key.email, run, row,
                                generation, now,
                            ]
                        )
                    case .hold, .refuse:
                        break
                    }
                }
                return .commit
            }
            return claims
        }
    }

    /// What ``claim(_:run:scope:allowRepeat:)`` would answer now, without recording anything: for a plan.
    public func preview(
        _ items: [(row: Int, request: PrivacyRequest)],
        run: String,
        scope: RequestScope,
        allowRepeat: Bool
    ) async throws -> [Int: RequestClaim] {
        guard !items.isEmpty else { return [:] }
        let reports = reports
        return try await database.read { db in
            var claims: [Int: RequestClaim] = [:]
            var holders = HolderLedgers(reports: reports)
            for (row, request) in items {
                let key = RequestKey(scope: scope, request: request)
                let entry = try Self.entry(db, key: key, refreshingFrom: &holders, asking: (run, row), store: false)
                claims[row] = RequestIndexPolicy.verdict(for: entry, run: run, row: row, allowRepeat: allowRepeat).claim
            }
            return claims
        }
    }

    /// Records the API's answers to rows `run` holds: task ids of accepted rows, and rows whose input it refused.
    public func recordAnswers(run: String, accepted: [(row: Int, taskId: String)], rejected: [Int]) async throws {
        guard !accepted.isEmpty || !rejected.isEmpty else { return }
        let now = Timestamp.now()
        try await database.write { db in
            for (row, taskId) in accepted {
                try db.execute(
                    sql: """
                        UPDATE request SET taskId = ?, status = COALESCE(status, 'SUBMITTED'), updatedAt = ?
                        WHERE run = ? AND row = ?
                        """,
                    arguments: [taskId, now, run, row]
                )
            }
            for row in rejected {
                try db.execute(
                    sql:
                        "UPDATE request SET status = 'REJECTED', updatedAt = ? WHERE run = ? AND row = ? AND taskId IS NULL",
                    arguments: [now, run, row]
                )
            }
        }
    }

    /// Forgets every request `run` holds: for a run that never reached its endpoint and moves to another.
    public func release(run: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM request WHERE run = ?", arguments: [run])
        }
    }

    /// Forgets every request `run` holds and leaves no trace of them in the file: the rows are overwritten
    /// (`secure_delete`) and the WAL emptied into the main file. Returns how many were removed.
    public func purge(run: String) async throws -> Int {
        let removed = try await database.write { db in
            try db.execute(sql: "DELETE FROM request WHERE run = ?", arguments: [run])
            return db.changesCount
        }
        try await database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return removed
    }

    /// The entry for `key`, its status refreshed from the holder's ledger when another row holds it open.
    private static func entry(
        _ db: Database,
        key: RequestKey,
        refreshingFrom holders: inout HolderLedgers,
        asking: (run: String, row: Int),
        store: Bool = true
    ) throws -> RequestIndexEntry? {
        let found = try Row.fetchOne(
            db,
            sql: """
                SELECT run, row, taskId, status, generation, updatedAt FROM request
                WHERE endpoint = ? AND target = ? AND type = ? AND email = ?
                """,
            arguments: [key.scope.endpoint, key.scope.targetID, key.type.rawValue, key.email]
        )
        guard let found else { return nil }
        var entry = RequestIndexEntry(
            run: found["run"], row: found["row"], taskId: found["taskId"], status: found["status"],
            generation: found["generation"]
        )
        var isOwn = entry.run == asking.run && entry.row == asking.row && entry.taskId == nil
        if !isOwn, entry.taskId == nil, entry.status == nil,
            try holders.neverStored(run: entry.run, row: entry.row, claimedAt: found["updatedAt"])
        {
            // A claim that was never sent passes to the asking row, with the generation it held.
            (entry.run, entry.row, isOwn) = (asking.run, asking.row, true)
            if store { try update(db, key: key, set: "run = ?, row = ?", [asking.run, asking.row]) }
        }
        guard !isOwn, !RequestIndexPolicy.isSettled(entry.status),
            let current = try holders.current(run: entry.run, row: entry.row, type: key.type, email: key.email),
            current.taskId != entry.taskId || current.status != entry.status
        else { return entry }
        // An unanswered claim whose generation is the holder's current (failed) task is that row sending its request
        // again (a follow-up reopen not yet in its ledger): it stands, and the request is open.
        if entry.taskId == nil, entry.status == nil, let generation = entry.generation, current.taskId == generation {
            return entry
        }
        entry.taskId = current.taskId ?? entry.taskId
        entry.status = current.status ?? entry.status
        if store { try update(db, key: key, set: "taskId = ?, status = ?", [entry.taskId, entry.status]) }
        return entry
    }

    /// Sets `assignments` (with `values`) and the time on the entry for `key`.
    private static func update(
        _ db: Database, key: RequestKey, set assignments: String, _ values: [(any DatabaseValueConvertible)?]
    ) throws {
        try db.execute(
            sql: """
                UPDATE request SET \(assignments), updatedAt = ?
                WHERE endpoint = ? AND target = ? AND type = ? AND email = ?
                """,
            arguments: StatementArguments(
                values + [Timestamp.now(), key.scope.endpoint, key.scope.targetID, key.type.rawValue, key.email]))
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-requests") { db in
            try db.execute(
                sql: """
                    CREATE TABLE request (
                        endpoint TEXT NOT NULL,
                        target TEXT NOT NULL,
                        type TEXT NOT NULL,
                        email TEXT NOT NULL,
                        run TEXT NOT NULL,
                        row INTEGER NOT NULL,
                        taskId TEXT,
                        status TEXT,
                        generation TEXT,
                        updatedAt TEXT NOT NULL,
                        PRIMARY KEY (endpoint, target, type, email)
                    );
                    CREATE INDEX request_by_holder ON request(run, row);
                    """
            )
        }
        return migrator
    }
}

import Foundation
import GRDB
import PrivacyBatchCore
import Synchronization

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
///
/// Shoppers are held by keyed hash (``RequestKey/subject``), never by email, so the index keeps preventing
/// duplicates after every run's rows are minimised. Entries from before keyed hashes are hashed on first use.
public final class RequestIndex: Sendable {
    /// The file's path.
    public let path: String
    private let reports: String
    private let database: DatabaseQueue
    /// The keys shoppers are hashed with.
    public let keyring: RecordKeyring
    /// The kinds of scope (sandbox or not) whose legacy entries and key this process has checked.
    private let checked = Mutex<Set<Bool>>([])

    /// Where the index of the runs under `reports` lives.
    public static func path(reports: String) -> String {
        (reports as NSString).appendingPathComponent("requests.sqlite")
    }

    /// Opens (creating it `0600` if needed) the index of the runs under `reports`, hashing with `keyring`'s keys.
    public init(reports: String, keyring: RecordKeyring) throws {
        self.reports = reports
        self.keyring = keyring
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
        let recordKey = try await key(for: scope)
        return try await database.writeWithoutTransaction { db in
            var claims: [Int: RequestClaim] = [:]
            var holders = HolderLedgers(reports: reports)
            try db.inTransaction(.immediate) {
                for (row, request) in items {
                    let key = RequestKey(scope: scope, request: request, key: recordKey)
                    let entry = try Self.entry(
                        db, key: key, recordKey: recordKey, refreshingFrom: &holders, asking: (run, row))
                    let verdict = RequestIndexPolicy.verdict(for: entry, run: run, row: row, allowRepeat: allowRepeat)
                    claims[row] = verdict.claim
                    switch verdict {
                    case .hold(let generation) where entry?.run != run || entry?.row != row || entry?.taskId != nil:
                        try db.execute(
                            sql: """
                                INSERT INTO request (endpoint, target, type, subject, keyId, run, row, taskId, status,
                                                     generation, updatedAt)
                                VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)
                                ON CONFLICT (endpoint, target, type, subject) DO UPDATE SET run = excluded.run,
                                    row = excluded.row, taskId = NULL, status = NULL,
                                    generation = excluded.generation, updatedAt = excluded.updatedAt
                                """,
                            arguments: [
                                key.scope.endpoint, key.scope.targetID, key.type.rawValue, key.subject, recordKey.id,
                                run, row, generation, now,
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
        let recordKey = try await key(for: scope)
        return try await database.read { db in
            var claims: [Int: RequestClaim] = [:]
            var holders = HolderLedgers(reports: reports)
            for (row, request) in items {
                let key = RequestKey(scope: scope, request: request, key: recordKey)
                let entry = try Self.entry(
                    db, key: key, recordKey: recordKey, refreshingFrom: &holders, asking: (run, row), store: false)
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

    /// The runs holding requests whose folders no longer have a ledger (deleted by hand): their entries are
    /// forgotten, so those shoppers can be requested again, and their names returned for a note.
    public func forgetMissingRuns() async throws -> [(run: String, entries: Int)] {
        let reports = reports
        let runs = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT run FROM request")
        }
        let missing = runs.filter { run in
            let folder = (reports as NSString).appendingPathComponent(run)
            return !FileManager.default.fileExists(
                atPath: (folder as NSString).appendingPathComponent(Ledger.fileName))
        }
        guard !missing.isEmpty else { return [] }
        var forgotten: [(run: String, entries: Int)] = []
        for run in missing {
            forgotten.append((run, try await purge(run: run)))
        }
        return forgotten
    }

    /// The key for `scope`, after hashing that kind of scope's entries from before keyed hashes and noting
    /// entries a record key other than this one recorded (a lost or replaced key): they can no longer be matched.
    private func key(for scope: RequestScope) async throws -> RecordKey {
        let key = try keyring.key(for: scope)
        let sandbox = scope.isSandbox
        guard checked.withLock({ $0.insert(sandbox).inserted }) else { return key }
        let (adopted, foreign) = try await database.write { db in
            let adopted = try Self.adoptLegacyEntries(db, key: key, sandbox: sandbox)
            let foreign =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM request WHERE (endpoint = 'sandbox') = ? AND keyId IS NOT NULL AND keyId != ?",
                    arguments: [sandbox, key.id]) ?? 0
            return (adopted, foreign)
        }
        if adopted > 0 {
            try await database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        if foreign > 0 {
            keyring.note(
                "\(foreign) requests in \(path) were recorded under another record key than \(key.id): a shopper of "
                    + "theirs in a new file is not recognised and is sent again; restore that key file to match them"
            )
        }
        return key
    }

    /// Hashes the emails of entries from before keyed hashes for one kind of scope, and forgets the addresses.
    private static func adoptLegacyEntries(_ db: Database, key: RecordKey, sandbox: Bool) throws -> Int {
        let legacy = try Row.fetchAll(
            db,
            sql: "SELECT rowid, legacyEmail FROM request WHERE legacyEmail IS NOT NULL AND (endpoint = 'sandbox') = ?",
            arguments: [sandbox])
        for entry in legacy {
            let email: String = entry["legacyEmail"]
            try db.execute(
                sql: "UPDATE request SET subject = ?, keyId = ?, legacyEmail = NULL WHERE rowid = ?",
                arguments: [key.subject(of: email), key.id, entry["rowid"] as Int64])
        }
        return legacy.count
    }

    /// The entry for `key`, its status refreshed from the holder's ledger when another row holds it open.
    private static func entry(
        _ db: Database,
        key: RequestKey,
        recordKey: RecordKey,
        refreshingFrom holders: inout HolderLedgers,
        asking: (run: String, row: Int),
        store: Bool = true
    ) throws -> RequestIndexEntry? {
        let found = try Row.fetchOne(
            db,
            sql: """
                SELECT run, row, taskId, status, generation, updatedAt FROM request
                WHERE endpoint = ? AND target = ? AND type = ? AND subject = ?
                """,
            arguments: [key.scope.endpoint, key.scope.targetID, key.type.rawValue, key.subject]
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
            let current = try holders.current(
                run: entry.run, row: entry.row, type: key.type, subject: key.subject, key: recordKey),
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
                WHERE endpoint = ? AND target = ? AND type = ? AND subject = ?
                """,
            arguments: StatementArguments(
                values + [Timestamp.now(), key.scope.endpoint, key.scope.targetID, key.type.rawValue, key.subject]))
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
        migrator.registerMigration("v2-subjects") { db in
            // Shoppers by keyed hash instead of email. Hashing needs the record key, which a migration does not
            // have: the addresses wait in `legacyEmail` until ``adoptLegacyEntries(_:key:sandbox:)`` hashes them.
            try db.execute(
                sql: """
                    CREATE TABLE keyed (
                        endpoint TEXT NOT NULL,
                        target TEXT NOT NULL,
                        type TEXT NOT NULL,
                        subject TEXT,
                        keyId TEXT,
                        legacyEmail TEXT,
                        run TEXT NOT NULL,
                        row INTEGER NOT NULL,
                        taskId TEXT,
                        status TEXT,
                        generation TEXT,
                        updatedAt TEXT NOT NULL
                    );
                    INSERT INTO keyed (endpoint, target, type, legacyEmail, run, row, taskId, status, generation,
                                       updatedAt)
                        SELECT endpoint, target, type, email, run, row, taskId, status, generation, updatedAt
                        FROM request;
                    DROP TABLE request;
                    ALTER TABLE keyed RENAME TO request;
                    CREATE UNIQUE INDEX request_by_subject ON request(endpoint, target, type, subject);
                    CREATE INDEX request_by_holder ON request(run, row);
                    """
            )
        }
        return migrator
    }
}

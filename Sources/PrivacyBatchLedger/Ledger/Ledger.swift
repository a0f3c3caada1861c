import Foundation
import GRDB
import PrivacyBatchCore

/// The durable record of one run: its input, settings and every data row's state.
///
/// One SQLite file per run, in WAL mode with full synchronous commits, so a committed transaction
/// survives a crash of the process or the machine. Writes are batched by the callers (one transaction
/// per chunk of rows or answers); the engine relies on two guarantees: a row is `SUBMITTING` on disk
/// before its request leaves, and its answer is on disk before it counts as done.
public final class Ledger: Sendable {
    /// The name of a run's ledger inside its folder (`<reports>/<run>/ledger.sqlite`).
    public static let fileName = "ledger.sqlite"

    /// The file's path.
    public let path: String
    let database: DatabaseQueue

    /// Opens (creating it `0600` if needed) the ledger at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        database = try DurableDatabase.open(path: path, busyTimeout: 10, migrator: Self.migrator)
    }

    /// Reads the ledger in one transaction on the database's own thread, off Swift's cooperative pool: every
    /// synchronous read of a run, such as writing its reports, happens inside `body`.
    public func read<T: Sendable>(_ body: @escaping @Sendable (LedgerSnapshot) throws -> T) async throws -> T {
        try await database.read { db in try body(LedgerSnapshot(db: db)) }
    }

    /// The run this ledger belongs to, or `nil` when it was never started.
    public func run() async throws -> RunRecord? {
        try await read { try $0.run() }
    }

    /// Records a new run. A ledger holds one run for its whole life.
    public func create(_ run: RunRecord) async throws {
        let stamp = LedgerAuditStamp.current
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, name, inputPath, inputSHA256, header, defaultType, defaultHoldingPeriod,
                                     defaultReason, endpoint, ingestedRows, ingestComplete, createdAt,
                                     reachedEndpoint, targetID, deadlineRule, processingDays, recordKeyId,
                                     emailColumn, keptColumns, retainPII, retainPIIMax)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.name, run.inputPath, run.inputSHA256, CellCodec.encode(run.header),
                    run.defaults.type?.rawValue, run.defaults.holdingPeriod, run.defaults.reason, run.endpoint,
                    run.createdAt, run.reachedEndpoint, run.targetID, run.deadlineRule, run.processingDays,
                    run.recordKeyId, run.emailColumn, CellCodec.encode(run.keptColumns.map(String.init)),
                    run.retainPII, run.retainPIIMax,
                ]
            )
            try stamp?.write(db)
        }
    }

    /// Stores a chunk of rows read from the input, in one transaction, and remembers how far the input was read.
    ///
    /// Valid rows are stored `PENDING`, or `SUBMITTING` when the caller is about to send them; they are returned
    /// as submissions with the client tokens they were stored with, derived from the request in `scope` and
    /// the generation of their claim. Rows whose claim is `.alreadyRequested` are stored `ALREADY_REQUESTED`
    /// with the earlier task, and not returned.
    @discardableResult
    public func ingest(
        _ rows: [InputRow],
        scope: RequestScope,
        complete: Bool,
        validState: RowState = .pending,
        claims: [Int: RequestClaim] = [:],
        deadline: DeadlineRule? = nil,
        recordKey: RecordKey? = nil
    ) async throws -> [PendingSubmission] {
        var submissions: [PendingSubmission] = []
        var earlier: [Int: EarlierRequest] = [:]
        var validByType: [RequestType: Int] = [:]
        for input in rows {
            guard case .valid(let request) = input.verdict else { continue }
            validByType[request.type, default: 0] += 1
            switch claims[input.row] ?? .send(generation: nil) {
            case .send(let generation):
                let token = ClientToken.derive(request, scope: scope, generation: generation, key: recordKey)
                submissions.append(PendingSubmission(row: input.row, request: request, clientToken: token))
            case .alreadyRequested(let request):
                earlier[input.row] = request
            }
        }
        let tokens = Dictionary(uniqueKeysWithValues: submissions.map { ($0.row, $0.clientToken) })
        let now = Timestamp.now()
        try await changing { [earlier, validByType] db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO row (row, line, type, email, holdingPeriod, reason, cells, state, clientToken,
                                     taskId, taskStatus, errorCode, errorMessage, attempts, updatedAt, receivedAt, dueAt,
                                     subject)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                    """
            )
            // An invalid row's shopper is hashed from its email cell, so `forget --email` finds that row too.
            let emailColumn = try Int.fetchOne(db, sql: "SELECT emailColumn FROM run WHERE id = 1")
            for input in rows {
                switch input.verdict {
                case .valid(let request):
                    let held = earlier[input.row]
                    let received = request.receivedAt
                    let due = received.flatMap { received in deadline.map { $0.dueDay(for: received).iso } }
                    try statement.execute(arguments: [
                        input.row, input.line, request.type.rawValue, request.email, request.holdingPeriod,
                        request.reason, CellCodec.encode(input.values),
                        held == nil ? validState.rawValue : RowState.alreadyRequested.rawValue,
                        tokens[input.row], held?.taskId, held?.status, nil, held?.message, now,
                        received?.description, due, recordKey?.subject(of: request.email),
                    ])
                case .invalid(let problem):
                    let state: RowState = problem.code == .duplicate ? .duplicate : .invalid
                    let emailCell = emailColumn.flatMap { $0 < input.values.count ? input.values[$0] : nil }
                    let subject = emailCell.flatMap { cell in
                        cell.trimmingCharacters(in: .whitespaces).isEmpty ? nil : recordKey?.subject(of: cell)
                    }
                    try statement.execute(arguments: [
                        input.row, input.line, nil, nil, nil, nil, CellCodec.encode(input.values), state.rawValue,
                        nil, nil, nil, problem.code.rawValue, problem.message, now, nil, nil, subject,
                    ])
                }
            }
            for (type, count) in validByType {
                try db.execute(
                    sql: """
                        INSERT INTO validCount (type, rows) VALUES (?, ?)
                        ON CONFLICT (type) DO UPDATE SET rows = rows + excluded.rows
                        """,
                    arguments: [type.rawValue, count]
                )
            }
            if let last = rows.last?.row {
                try db.execute(sql: "UPDATE run SET ingestedRows = ? WHERE id = 1", arguments: [last])
            }
            if complete {
                try db.execute(sql: "UPDATE run SET ingestComplete = 1 WHERE id = 1")
            }
        }
        return submissions
    }

    /// Marks rows `SUBMITTING` in one durable transaction; their requests may leave once it returns.
    public func markSubmitting(_ rows: [Int]) async throws {
        guard !rows.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE row SET state = 'SUBMITTING', updatedAt = ? WHERE row = ?"
            )
            for row in rows { try statement.execute(arguments: [now, row]) }
        }
    }

    /// Records the answers of a batch of start requests in one transaction.
    public func record(_ answers: [SubmissionAnswer]) async throws {
        guard !answers.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE row SET state = ?, taskId = COALESCE(?, taskId), errorCode = ?, errorMessage = ?,
                        attempts = attempts + ?, updatedAt = ?,
                        submittedAt = CASE WHEN ? IS NOT NULL THEN COALESCE(submittedAt, ?) ELSE submittedAt END
                    WHERE row = ?
                    """
            )
            for answer in answers {
                let (state, taskId, code, message) = answer.ledgerValues
                try statement.execute(arguments: [
                    state.rawValue, taskId, code, message, answer.attempts, now, taskId, now, answer.row,
                ])
            }
            if answers.contains(where: \.reachedAPI) {
                try db.execute(sql: "UPDATE run SET reachedEndpoint = 1 WHERE id = 1")
            }
        }
    }

    /// Rows in `states`, in row order, after `row`, at most `limit` of them: a page of work for a resumed run.
    public func rows(in states: [RowState], after row: Int, limit: Int) async throws -> [LedgerRow] {
        let placeholders = states.map { _ in "?" }.joined(separator: ",")
        var arguments: StatementArguments = StatementArguments(states.map(\.rawValue))
        arguments += [row, limit]
        return try await database.read { [arguments] db in
            try LedgerRow.fetchAll(
                db,
                sql: "SELECT * FROM row WHERE state IN (\(placeholders)) AND row > ? ORDER BY row LIMIT ?",
                arguments: arguments
            )
        }
    }

    /// How many rows are in each state.
    public func stateCounts() async throws -> [RowState: Int] {
        try await read { try $0.stateCounts() }
    }

    /// How many rows of each type a run still has to send (`SUBMITTING`, `PENDING`, `ERROR`).
    public func unsentCounts() async throws -> [RequestType: Int] {
        try await read { try $0.unsentCounts() }
    }

    /// How many valid rows of each type the ledger holds, from the counts `ingest` keeps.
    public func validCounts() async throws -> [RequestType: Int] {
        try await read { try $0.validCounts() }
    }

    /// Runs a write transaction that changes rows, counting it in the run's revision.
    ///
    /// Inside ``withAuditHead(_:_:)`` the transaction also records the audit log's head, so the log's entries
    /// and the state they describe become durable together (the entries first).
    func changing<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let stamp = LedgerAuditStamp.current
        return try await database.write { db in
            let result = try updates(db)
            try db.execute(sql: "UPDATE run SET revision = revision + 1 WHERE id = 1")
            try stamp?.write(db)
            return result
        }
    }

    /// How many changing transactions the ledger has seen, and the count its reports were written at.
    public func revisions() async throws -> (current: Int, reported: Int) {
        try await read { try $0.revisions() }
    }

    /// Records that the reports reflect the ledger at `revision`.
    public func markReported(revision: Int) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE run SET reportedRevision = ? WHERE id = 1", arguments: [revision])
        }
    }

    /// Empties the WAL into the main file so the ledger is one self-contained file at rest.
    public func checkpoint() async throws {
        try await database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}

import GRDB
import PrivacyBatchCore

/// One consistent read of a run's ledger, inside a read transaction on the database's own thread.
///
/// Given only to the body of ``Ledger/read(_:)``, so its synchronous reads never run on Swift's cooperative
/// pool, and everything read in one body sees the same revision of the ledger: report writing reads the run,
/// every row and the counts of one state, even while a watch records answers.
public struct LedgerSnapshot {
    let db: Database

    /// The run this ledger belongs to, or `nil` when it was never started.
    public func run() throws -> RunRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1") else { return nil }
        let defaults = ValidationDefaults(
            type: (row["defaultType"] as String?).flatMap(RequestType.init(rawValue:)),
            holdingPeriod: row["defaultHoldingPeriod"],
            reason: row["defaultReason"]
        )
        var record = RunRecord(
            name: row["name"],
            inputPath: row["inputPath"],
            inputSHA256: row["inputSHA256"],
            header: CellCodec.decode(row["header"]),
            defaults: defaults,
            endpoint: row["endpoint"],
            ingestedRows: row["ingestedRows"],
            ingestComplete: row["ingestComplete"],
            createdAt: row["createdAt"],
            reachedEndpoint: row["reachedEndpoint"],
            targetID: row["targetID"]
        )
        record.reopenAfter = row["reopenAfter"]
        record.giveUpAfter = row["giveUpAfter"]
        record.deadlineRule = row["deadlineRule"]
        record.processingDays = row["processingDays"]
        record.recordKeyId = row["recordKeyId"]
        record.emailColumn = row["emailColumn"]
        record.keptColumns = (row["keptColumns"] as String?).map { CellCodec.decode($0).compactMap { Int($0) } } ?? []
        record.retainPII = row["retainPII"]
        record.retainPIIMax = row["retainPIIMax"]
        return record
    }

    /// Calls `body` with every row in row order, reading through a cursor so memory stays flat.
    public func forEachRow(_ body: (LedgerRow) throws -> Void) throws {
        let cursor = try LedgerRow.fetchCursor(db, sql: "SELECT * FROM row ORDER BY row")
        while let row = try cursor.next() { try body(row) }
    }

    /// How many rows are in each state.
    public func stateCounts() throws -> [RowState: Int] {
        var counts: [RowState: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM row GROUP BY state") {
            if let state = RowState(rawValue: row["state"]) { counts[state] = row["n"] }
        }
        return counts
    }

    /// Rows per outcome, computed in SQL so that listing many large runs stays cheap.
    public func outcomeCounts() throws -> [Outcome: Int] {
        var counts: [Outcome: Int] = [:]
        let sql = """
            SELECT state, taskStatus, gaveUpAt IS NOT NULL AS gaveUp, COUNT(*) AS n FROM row
            GROUP BY state, taskStatus, gaveUp
            """
        for record in try Row.fetchAll(db, sql: sql) {
            let state = RowState(rawValue: record["state"] as String? ?? "") ?? .pending
            let outcome = Outcome(state: state, taskStatus: record["taskStatus"], gaveUp: record["gaveUp"])
            counts[outcome, default: 0] += record["n"] as Int? ?? 0
        }
        return counts
    }

    /// How many rows of each type a run still has to send (`SUBMITTING`, `PENDING`, `ERROR`).
    public func unsentCounts() throws -> [RequestType: Int] {
        try typeCounts(
            sql: """
                SELECT type, COUNT(*) AS n FROM row
                WHERE state IN ('SUBMITTING', 'PENDING', 'ERROR') AND type IS NOT NULL GROUP BY type
                """
        )
    }

    /// How many valid rows of each type the ledger holds, from the counts `ingest` keeps.
    public func validCounts() throws -> [RequestType: Int] {
        try typeCounts(sql: "SELECT type, rows AS n FROM validCount")
    }

    /// How many submitted tasks are not final yet (a task the API answers "not found" for is left out:
    /// polling it again cannot help, and `status --watch` must end; its row keeps the error in the reports).
    public func openTaskCount() throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM row INDEXED BY row_open_by_next_check WHERE \(Ledger.isOpenTask)"
        ) ?? 0
    }

    /// How many changing transactions the ledger has seen, and the count its reports were written at.
    public func revisions() throws -> (current: Int, reported: Int) {
        let row = try Row.fetchOne(db, sql: "SELECT revision, reportedRevision FROM run WHERE id = 1")
        return (row?["revision"] ?? 0, row?["reportedRevision"] ?? -1)
    }

    /// Counts per request type from a query that returns `type` and `n`.
    private func typeCounts(sql: String) throws -> [RequestType: Int] {
        var counts: [RequestType: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql) {
            if let type = RequestType(rawValue: row["type"]) { counts[type] = row["n"] }
        }
        return counts
    }
}

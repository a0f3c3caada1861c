import Foundation
import GRDB
import PrivacyBatchCore

/// What following tasks writes: statuses, task errors, cancellations, archives.
extension Ledger {
    /// Records what the API said of several tasks, in one transaction.
    ///
    /// A task's first error (e.g. `ORDERS_NOT_CLOSED`) becomes the row's error; a task without errors
    /// clears an earlier one, so a row never shows a stale reason.
    public func recordSnapshots(_ snapshots: [(row: Int, snapshot: TaskSnapshot)]) async throws {
        guard !snapshots.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE row SET taskStatus = ?, errorCode = ?, errorMessage = ?, updatedAt = ? WHERE row = ?"
            )
            for (row, snapshot) in snapshots {
                let error = snapshot.errors?.first
                try statement.execute(arguments: [snapshot.status, error?.code, error?.message, now, row])
            }
        }
    }

    /// Records a refusal that leaves the task as it was (e.g. a cancel outside the holding period).
    public func recordRefusal(row: Int, failure: APIFailure) async throws {
        let now = Timestamp.now()
        try await changing { db in
            try db.execute(
                sql: "UPDATE row SET errorCode = ?, errorMessage = ?, updatedAt = ? WHERE row = ?",
                arguments: [failure.code, failure.message, now, row]
            )
        }
    }

    /// Records a downloaded retrieval archive.
    public func recordArchive(row: Int, path: String, size: Int, sha256: String) async throws {
        let now = Timestamp.now()
        try await changing { db in
            try db.execute(
                sql: """
                    UPDATE row SET archivePath = ?, archiveSize = ?, archiveSHA256 = ?, errorCode = NULL,
                        errorMessage = NULL, updatedAt = ? WHERE row = ?
                    """,
                arguments: [path, size, sha256, now, row]
            )
        }
    }

    /// How many submitted tasks are not final yet (a task the API answers "not found" for is left out:
    /// polling it again cannot help, and `status --watch` must end; its row keeps the error in the reports).
    public func openTaskCount() throws -> Int {
        try database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM row INDEXED BY row_open_by_next_check WHERE \(Self.isOpenTask)"
            ) ?? 0
        }
    }

    /// The open-task condition; `row_open_by_next_check` indexes exactly these rows (see the migrations).
    static let isOpenTask = """
        state = 'SUBMITTED'
          AND (taskStatus IS NULL OR taskStatus NOT IN ('COMPLETED', 'FAILED', 'CANCELLED'))
          AND (errorCode IS NULL OR errorCode != 'ResourceNotFound')
        """
}

extension Ledger {
    /// The submitted rows whose task ids are in `taskIds`.
    public func rows(withTaskIds taskIds: [String]) throws -> [LedgerRow] {
        try submittedRows(whereColumn: "taskId", isIn: taskIds)
    }

    /// Submitted rows by data row number.
    public func rows(numbered numbers: [Int]) throws -> [LedgerRow] {
        try submittedRows(whereColumn: "row", isIn: numbers)
    }

    /// Submitted rows whose `column` holds one of `values`, in row order, looked up 500 at a time.
    private func submittedRows<Value: DatabaseValueConvertible>(
        whereColumn column: String, isIn values: [Value]
    )
        throws -> [LedgerRow]
    {
        var found: [LedgerRow] = []
        for start in stride(from: 0, to: values.count, by: 500) {
            let slice = Array(values[start..<min(start + 500, values.count)])
            let marks = slice.map { _ in "?" }.joined(separator: ",")
            found += try database.read { db in
                try LedgerRow.fetchAll(
                    db,
                    sql: "SELECT * FROM row WHERE state = 'SUBMITTED' AND \(column) IN (\(marks))",
                    arguments: StatementArguments(slice)
                )
            }
        }
        return found.sorted { $0.row < $1.row }
    }

    /// Rows per outcome, computed in SQL so that listing many large runs stays cheap.
    public func outcomeCounts() throws -> [Outcome: Int] {
        try database.read { db in
            var counts: [Outcome: Int] = [:]
            let sql = "SELECT state, taskStatus, COUNT(*) AS n FROM row GROUP BY state, taskStatus"
            for record in try Row.fetchAll(db, sql: sql) {
                let state = RowState(rawValue: record["state"] as String? ?? "") ?? .pending
                counts[Outcome(state: state, taskStatus: record["taskStatus"]), default: 0] += record["n"] as Int? ?? 0
            }
            return counts
        }
    }
}

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
                sql: """
                    UPDATE row SET taskStatus = ?, errorCode = ?, errorMessage = ?, updatedAt = ?,
                        finalAt = CASE WHEN ? THEN COALESCE(finalAt, ?) END
                    WHERE row = ?
                    """
            )
            for (row, snapshot) in snapshots {
                let error = snapshot.errors?.first
                let isFinal = TaskStatus.isTerminal(snapshot.status)
                try statement.execute(arguments: [
                    snapshot.status, error?.code, error?.message, now, isFinal, Self.endedAt(snapshot, now: now), row,
                ])
            }
        }
    }

    /// When a final task ended: the API's last update, not when we looked (a deletion completed on its due day
    /// and seen the next is met, not missed); `now` when the API gives none we can read, or one in the future.
    static func endedAt(_ snapshot: TaskSnapshot, now: String) -> String {
        guard let text = snapshot.lastUpdatedDate, let parsed = try? ReceivedDate(parsing: text), parsed.hasTime,
            parsed.date <= Date()
        else { return now }
        return Timestamp.string(parsed.date)
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
        try await recordArchives([(row, path, size, sha256)])
    }

    /// Records downloaded retrieval archives in one transaction.
    public func recordArchives(_ archives: [(row: Int, path: String, size: Int, sha256: String)]) async throws {
        guard !archives.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE row SET archivePath = ?, archiveSize = ?, archiveSHA256 = ?, errorCode = NULL,
                        errorMessage = NULL, updatedAt = ?, archivedAt = ?, archiveDeletedAt = NULL WHERE row = ?
                    """
            )
            for archive in archives {
                try statement.execute(arguments: [archive.path, archive.size, archive.sha256, now, now, archive.row])
            }
        }
    }

    /// How many submitted tasks are not final yet (see ``LedgerSnapshot/openTaskCount()``).
    public func openTaskCount() async throws -> Int {
        try await read { try $0.openTaskCount() }
    }

    /// The open-task condition; `row_open_by_next_check` indexes exactly these rows (see the migrations).
    static let isOpenTask = """
        state = 'SUBMITTED'
          AND (taskStatus IS NULL OR taskStatus NOT IN ('COMPLETED', 'FAILED', 'CANCELLED'))
          AND (errorCode IS NULL OR errorCode != 'ResourceNotFound')
        """
}

extension Ledger {
    /// Submitted rows (any rows, unless `submittedOnly`) by data row number, in row order, looked up 500 at a time.
    public func rows(numbered numbers: [Int], submittedOnly: Bool = true) async throws -> [LedgerRow] {
        let submitted = submittedOnly ? "state = 'SUBMITTED' AND" : ""
        var found: [LedgerRow] = []
        for start in stride(from: 0, to: numbers.count, by: 500) {
            let slice = Array(numbers[start..<min(start + 500, numbers.count)])
            let marks = slice.map { _ in "?" }.joined(separator: ",")
            found += try await database.read { db in
                try LedgerRow.fetchAll(
                    db,
                    sql: "SELECT * FROM row WHERE \(submitted) row IN (\(marks))",
                    arguments: StatementArguments(slice)
                )
            }
        }
        return found.sorted { $0.row < $1.row }
    }

    /// Rows per outcome (see ``LedgerSnapshot/outcomeCounts()``).
    public func outcomeCounts() async throws -> [Outcome: Int] {
        try await read { try $0.outcomeCounts() }
    }
}

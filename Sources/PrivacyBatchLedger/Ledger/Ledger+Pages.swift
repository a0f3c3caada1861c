import Foundation
import GRDB

/// Reading submitted rows in pages, so following a million tasks holds one page, never the run.
extension Ledger {
    /// Which submitted rows a page of ``submittedRows(_:after:limit:)`` reads.
    public enum Scope: Sendable, Equatable {
        /// Every submitted row.
        case all
        /// The submitted rows named by the values staged with ``stageSelection(_:values:)``.
        case staged(SelectionKey)
        /// Completed retrievals, whose archives may be downloaded.
        case completedRetrievals
    }

    /// The column staged values name rows by.
    public enum SelectionKey: Sendable, Equatable {
        /// The API's task id.
        case taskId
        /// The data row number.
        case row
        /// The shopper's email, compared case-insensitively.
        case email
    }

    /// Where a page of due tasks ended; the next page starts after it.
    public struct DueCursor: Sendable, Equatable {
        var nextCheckAt: Double
        var row: Int

        /// Before every row.
        public static let start = DueCursor(nextCheckAt: -1, row: 0)
    }

    /// The columns tracking needs: everything but the cells, which would cost more to decode than a round.
    static let trackingColumns = """
        row, line, type, email, holdingPeriod, reason, state, clientToken, taskId, taskStatus, errorCode,
        errorMessage, attempts, submittedAt, updatedAt, archivePath, archiveSize, archiveSHA256, nextCheckAt,
        finalAt, reopens, reopenedAt, previousTaskIds, gaveUpAt, receivedAt, dueAt, handedOverAt, noticed, archivedAt,
        archiveDeletedAt, subject, maskedEmail, minimisedAt
        """

    /// Open tasks due for a check at `due`, after `cursor` in (next check, row) order, at most `limit`,
    /// without their cells; and the cursor the next page starts from.
    ///
    /// A task checked during the round gets a next check after `due`, so it does not come back in a later
    /// page; one whose check failed stays behind the cursor until the next round.
    public func openRows(
        dueBy due: Date,
        after cursor: DueCursor,
        limit: Int
    ) async throws -> (rows: [LedgerRow], next: DueCursor) {
        let arguments: StatementArguments = [due.timeIntervalSince1970, cursor.nextCheckAt, cursor.row, limit]
        return try await database.read { db in
            let records = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.trackingColumns) FROM row INDEXED BY row_open_by_next_check
                    WHERE \(Self.isOpenTask) AND nextCheckAt <= ? AND (nextCheckAt, row) > (?, ?)
                    ORDER BY nextCheckAt, row LIMIT ?
                    """,
                arguments: arguments
            )
            guard let last = records.last else { return ([], cursor) }
            return (records.map(LedgerRow.init(row:)), DueCursor(nextCheckAt: last["nextCheckAt"], row: last["row"]))
        }
    }

    /// When the earliest open task is next due, or `nil` when no task is open.
    public func nextCheckDate() async throws -> Date? {
        try await database.read { db in
            try Double.fetchOne(
                db, sql: "SELECT MIN(nextCheckAt) FROM row INDEXED BY row_open_by_next_check WHERE \(Self.isOpenTask)"
            )
            .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Records when rows are next worth checking. Not a change the reports show, so no revision is counted.
    public func scheduleChecks(_ checks: [(row: Int, at: Date)]) async throws {
        guard !checks.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE row SET nextCheckAt = ? WHERE row = ?")
            for (row, date) in checks { try statement.execute(arguments: [date.timeIntervalSince1970, row]) }
        }
    }

    /// Submitted rows of `scope` after `row`, in row order, at most `limit`, without their cells.
    public func submittedRows(_ scope: Scope, after row: Int, limit: Int) async throws -> [LedgerRow] {
        let condition = Self.condition(scope)
        return try await database.read { db in
            try LedgerRow.fetchAll(
                db,
                sql: """
                    SELECT \(Self.trackingColumns) FROM row
                    WHERE state = 'SUBMITTED' AND row > ? AND (\(condition)) ORDER BY row LIMIT ?
                    """,
                arguments: [row, limit]
            )
        }
    }

    /// How many submitted rows `scope` holds.
    public func submittedCount(_ scope: Scope) async throws -> Int {
        let condition = Self.condition(scope)
        return try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM row WHERE state = 'SUBMITTED' AND (\(condition))") ?? 0
        }
    }

    private static func condition(_ scope: Scope) -> String {
        switch scope {
        case .all: "1"
        case .completedRetrievals: "type = 'retrieval' AND taskStatus = 'COMPLETED'"
        case .staged(.taskId): "EXISTS (SELECT 1 FROM temp.selection WHERE value = row.taskId)"
        case .staged(.row): "EXISTS (SELECT 1 FROM temp.selection WHERE value = CAST(row.row AS TEXT))"
        // By keyed hash, so a minimised row is still found; by address for a row of a run not yet keyed.
        case .staged(.email):
            "EXISTS (SELECT 1 FROM temp.selection WHERE value = row.subject OR value = lower(row.email))"
        }
    }

    /// Stages values that name rows by `key` (e.g. a selector file's column), for `.staged(key)` pages.
    ///
    /// They live in a temporary table of this ledger's connection, so a selection of any size costs disk,
    /// not memory, and the ledger file itself is not changed. Call it in batches; ``clearSelection()`` starts over.
    /// Emails are staged as their keyed hashes under `recordKey` when given (the run's), as rows keep them.
    public func stageSelection(
        _ key: SelectionKey, values: [(value: String, line: Int)], recordKey: RecordKey? = nil
    ) async throws {
        let normalised = values.map { entry -> (String, Int) in
            let trimmed = entry.value.trimmingCharacters(in: .whitespaces)
            switch key {
            case .taskId: return (trimmed, entry.line)
            // A value that is no row number stays as it is: it matches nothing and is reported so.
            case .row: return (Int(trimmed).map(String.init) ?? trimmed, entry.line)
            case .email: return (recordKey?.subject(of: trimmed) ?? trimmed.lowercased(), entry.line)
            }
        }
        try await database.write { db in
            try Self.createSelection(db)
            let statement = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO temp.selection (value, line) VALUES (?, ?)")
            for (value, line) in normalised { try statement.execute(arguments: [value, line]) }
        }
    }

    /// The staged values that name no row of the run at all: how many, and the first `limit` of their lines.
    /// Call it after ``stageSelection(_:values:)``: the staged table lives on this ledger's one connection.
    public func unmatchedSelection(_ key: SelectionKey, first limit: Int) async throws -> (count: Int, lines: [Int]) {
        let expressions =
            switch key {
            case .taskId: ["taskId"]
            case .row: ["CAST(row AS TEXT)"]
            case .email: ["subject", "lower(email)"]
            }
        // NOT IN over the subquery builds one temporary index of the run's values: one pass over the rows.
        let unmatched =
            "FROM temp.selection WHERE "
            + expressions.map { "value NOT IN (SELECT \($0) FROM row WHERE \($0) IS NOT NULL)" }
            .joined(separator: " AND ")
        return try await database.read { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(unmatched)") ?? 0
            let lines = try Int.fetchAll(db, sql: "SELECT line \(unmatched) ORDER BY line LIMIT ?", arguments: [limit])
            return (count, lines)
        }
    }

    /// Forgets the staged selection.
    public func clearSelection() async throws {
        try await database.write { db in
            try Self.createSelection(db)
            try db.execute(sql: "DELETE FROM temp.selection")
        }
    }

    private static func createSelection(_ db: Database) throws {
        try db.execute(
            sql:
                "CREATE TEMP TABLE IF NOT EXISTS selection (value TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
        )
    }
}

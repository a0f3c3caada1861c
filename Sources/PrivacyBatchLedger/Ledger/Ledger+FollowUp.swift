import Foundation
import GRDB
import PrivacyBatchCore

/// What carrying requests to their end writes: open-order failures sent again or given up, and the settings
/// `follow-up` used, so the reports can say when the next attempt is due.
extension Ledger {
    /// The open-order condition; `row_open_by_next_check`'s sibling `row_orders_not_closed` indexes these rows.
    static let isOpenOrderFailure = """
        state = 'SUBMITTED' AND taskStatus = 'FAILED' AND errorCode = 'ORDERS_NOT_CLOSED'
          AND type = 'deletion' AND gaveUpAt IS NULL
        """

    /// Open-order failures that ended at or before `finalBy` and were last recorded before `seenBefore` (ISO-8601),
    /// after `row`, at most `limit`, without their cells: the rows due to be sent again.
    public func openOrderFailures(
        finalBy: String, seenBefore: String, after row: Int, limit: Int
    ) async throws -> [LedgerRow] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.trackingColumns) FROM row INDEXED BY row_orders_not_closed
                    WHERE \(Self.isOpenOrderFailure) AND finalAt <= ? AND updatedAt < ? AND row > ?
                    ORDER BY row LIMIT ?
                    """,
                arguments: [finalBy, seenBefore, row, limit]
            )
            .map(LedgerRow.init(row:))
        }
    }

    /// When the earliest open-order failure was seen final, or `nil` when there is none: what the next reopen
    /// is counted from.
    public func earliestOpenOrderFailure() async throws -> String? {
        try await database.read { db in
            try String.fetchOne(
                db,
                sql: "SELECT MIN(finalAt) FROM row INDEXED BY row_orders_not_closed WHERE \(Self.isOpenOrderFailure)")
        }
    }

    /// How many open-order failures wait to be sent again.
    public func openOrderFailureCount() async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM row INDEXED BY row_orders_not_closed WHERE \(Self.isOpenOrderFailure)"
            ) ?? 0
        }
    }

    /// Gives up every open-order failure first submitted at or before `submittedBy` (ISO-8601); returns the rows.
    public func giveUpOpenOrderFailures(submittedBy: String) async throws -> [Int] {
        try await giveUp(try await openOrderFailures(submittedBy: submittedBy))
    }

    /// The open-order failures first submitted at or before `submittedBy` (ISO-8601), in row order: what
    /// ``giveUp(_:)`` is given, read first so the audit log can name them before they change.
    public func openOrderFailures(submittedBy: String) async throws -> [Int] {
        try await database.read { db in
            try Int.fetchAll(
                db,
                sql: """
                    SELECT row FROM row INDEXED BY row_orders_not_closed
                    WHERE \(Self.isOpenOrderFailure) AND submittedAt <= ? ORDER BY row
                    """,
                arguments: [submittedBy])
        }
    }

    /// Gives up the open-order failures among `rows`; returns them.
    @discardableResult
    public func giveUp(_ rows: [Int]) async throws -> [Int] {
        guard !rows.isEmpty else { return [] }
        let now = Timestamp.now()
        // Only rows still open-order failures change: another pass may have given them up or reopened them.
        return try await changing { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE row SET gaveUpAt = ?, updatedAt = ? WHERE row = ? AND \(Self.isOpenOrderFailure)")
            for row in rows { try statement.execute(arguments: [now, now, row]) }
            return rows
        }
    }

    /// Sends open-order failures again, in one durable transaction: the rows of `tokens` become `SUBMITTING`
    /// with those (new-generation) client tokens, their failed task kept in `previousTaskIds`; the rows of
    /// `superseded` (another row holds their request now) become `ALREADY_REQUESTED` with that row's task.
    ///
    /// Only rows still failed with open orders change, so a repeated call cannot reopen a row twice.
    public func reopen(_ tokens: [Int: String], superseded: [Int: EarlierRequest]) async throws {
        guard !tokens.isEmpty || !superseded.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let sending = try db.cachedStatement(
                sql: """
                    UPDATE row SET state = 'SUBMITTING', clientToken = ?,
                        previousTaskIds = trim(COALESCE(previousTaskIds, '') || ' ' || COALESCE(taskId, '')),
                        taskId = NULL, taskStatus = NULL, errorCode = NULL, errorMessage = NULL, finalAt = NULL,
                        reopens = reopens + 1, reopenedAt = ?, nextCheckAt = 0, updatedAt = ?
                    WHERE row = ? AND \(Self.isOpenOrderFailure)
                    """
            )
            for (row, token) in tokens { try sending.execute(arguments: [token, now, now, row]) }
            let held = try db.cachedStatement(
                sql: """
                    UPDATE row SET state = 'ALREADY_REQUESTED', clientToken = NULL,
                        previousTaskIds = trim(COALESCE(previousTaskIds, '') || ' ' || COALESCE(taskId, '')),
                        taskId = ?, taskStatus = ?, errorCode = NULL, errorMessage = ?, finalAt = NULL, updatedAt = ?
                    WHERE row = ? AND \(Self.isOpenOrderFailure)
                    """
            )
            for (row, earlier) in superseded {
                try held.execute(arguments: [earlier.taskId, earlier.status, earlier.message, now, row])
            }
        }
    }

    /// Records the reopen settings a `follow-up` pass used, so the reports can show when each attempt is due.
    public func recordFollowUpSettings(reopenAfter: Double, giveUpAfter: Double) async throws {
        let recorded = try await run()
        guard recorded?.reopenAfter != reopenAfter || recorded?.giveUpAfter != giveUpAfter else { return }
        // The reports' next reopen times follow the interval: a change is a change they show.
        try await changing { db in
            try db.execute(
                sql: "UPDATE run SET reopenAfter = ?, giveUpAfter = ? WHERE id = 1",
                arguments: [reopenAfter, giveUpAfter])
        }
    }
}

extension Ledger {
    /// Records what a digest told a person about each row (`nil` clears it), so the next digest tells only what
    /// changed. Not a change the reports show, so no revision is counted.
    public func markNoticed(_ notes: [(row: Int, attention: String?)]) async throws {
        guard !notes.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE row SET noticed = ? WHERE row = ?")
            for note in notes { try statement.execute(arguments: [note.attention, note.row]) }
        }
    }

    /// Marks the archives of `rows` (or of every completed retrieval with one, when `rows` is `nil`) handed over
    /// to their shoppers; returns how many were marked now.
    public func markHandedOver(rows: [Int]?) async throws -> Int {
        let now = Timestamp.now()
        return try await changing { db in
            let condition = "archivePath IS NOT NULL AND handedOverAt IS NULL"
            guard let rows else {
                try db.execute(
                    sql: "UPDATE row SET handedOverAt = ?, updatedAt = ? WHERE \(condition)", arguments: [now, now])
                return db.changesCount
            }
            var marked = 0
            let statement = try db.cachedStatement(
                sql: "UPDATE row SET handedOverAt = ?, updatedAt = ? WHERE row = ? AND \(condition)")
            for row in rows {
                try statement.execute(arguments: [now, now, row])
                marked += db.changesCount
            }
            return marked
        }
    }
}

extension LedgerSnapshot {
    /// Calls `body` with every row a person may have to hear about, through a cursor (flat memory): rows not sent
    /// for a reason a person must fix, failed tasks, archives not handed over, requests with a deadline,
    /// and rows a digest told about before (so a resolved row's note can be cleared).
    public func forEachAttentionCandidate(_ body: (LedgerRow) throws -> Void) throws {
        let cursor = try LedgerRow.fetchCursor(
            db,
            sql: """
                SELECT \(Ledger.trackingColumns) FROM row
                WHERE state IN ('INVALID', 'REJECTED') OR taskStatus = 'FAILED' OR gaveUpAt IS NOT NULL
                   OR (type = 'retrieval' AND taskStatus = 'COMPLETED' AND archivePath IS NULL AND errorCode IS NOT NULL)
                   OR (archivePath IS NOT NULL AND handedOverAt IS NULL) OR dueAt IS NOT NULL
                   OR noticed IS NOT NULL
                ORDER BY row
                """)
        while let row = try cursor.next() { try body(row) }
    }
}

extension Ledger {
    /// Archives handed over and saved at or before `savedBy` (ISO-8601), not deleted yet, at most `limit`: those
    /// past their retention. Rows and the paths of their files.
    public func archivesPastRetention(
        savedBy: String, after row: Int, limit: Int
    ) async throws -> [(row: Int, path: String)] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT row, archivePath FROM row
                    WHERE archivePath IS NOT NULL AND archiveDeletedAt IS NULL AND handedOverAt IS NOT NULL
                      AND archivedAt <= ? AND row > ?
                    ORDER BY row LIMIT ?
                    """,
                arguments: [savedBy, row, limit]
            )
            .map { ($0["row"], $0["archivePath"]) }
        }
    }

    /// Records that the archives of `rows` were deleted (their files are gone already).
    public func recordArchivesDeleted(_ rows: [Int]) async throws {
        guard !rows.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE row SET archiveDeletedAt = ?, updatedAt = ? WHERE row = ? AND archiveDeletedAt IS NULL")
            for row in rows { try statement.execute(arguments: [now, now, row]) }
        }
    }
}

import Foundation
import GRDB
import PrivacyBatchCore

/// What keeping proof instead of personal data writes: rows minimised, the record key adopted, and when the run
/// next has rows to minimise. Which rows and when is decided by the pipeline (`Minimiser`), not here.
extension Ledger {
    /// Rows the tool itself still works on: to be sent, in flight, or with an open task. The pipeline's
    /// `MinimisationRule` decides; this is its cheap first cut, so a sweep of a run whose tasks are open reads
    /// (and decodes the cells of) no row.
    static let isInUse = "state IN ('PENDING', 'SUBMITTING', 'ERROR') OR (\(isOpenTask))"

    /// Rows whose values are still held, after `row` in row order, at most `limit`, with their cells; without the
    /// rows the tool still works on unless `includingInUse`.
    public func unminimisedRows(after row: Int, limit: Int, includingInUse: Bool = true) async throws -> [LedgerRow] {
        let inUse = includingInUse ? "" : "AND NOT (\(Self.isInUse))"
        return try await database.read { db in
            try LedgerRow.fetchAll(
                db,
                sql: """
                    SELECT * FROM row INDEXED BY row_unminimised
                    WHERE minimisedAt IS NULL AND row > ? \(inUse) ORDER BY row LIMIT ?
                    """,
                arguments: [row, limit])
        }
    }

    /// Every row holding one of `subjects`, minimised or not, in row order.
    public func rows(withSubjects subjects: [String]) async throws -> [LedgerRow] {
        try await read { try $0.rows(withSubjects: subjects) }
    }

    /// Which of `subjects` a row of this run still holds as the request's holder (sent or to be sent), not
    /// minimised: a duplicate of such a request waits for its holder.
    public func heldSubjects(_ subjects: [String]) async throws -> Set<String> {
        guard !subjects.isEmpty else { return [] }
        let placeholders = subjects.map { _ in "?" }.joined(separator: ",")
        return try await database.read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT subject FROM row
                        WHERE subject IN (\(placeholders)) AND minimisedAt IS NULL
                          AND state NOT IN ('DUPLICATE', 'ALREADY_REQUESTED', 'INVALID')
                        """,
                    arguments: StatementArguments(subjects)))
        }
    }

    /// Writes `changes` in one durable transaction; a row minimised meanwhile (another command) is left as is.
    public func minimise(_ changes: [RowMinimisation]) async throws {
        guard !changes.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let statement = try db.cachedStatement(
                sql: """
                    UPDATE row SET email = NULL, maskedEmail = ?, cells = ?, errorMessage = ?, minimisedAt = ?,
                        gaveUpAt = CASE WHEN ? THEN COALESCE(gaveUpAt, ?) ELSE gaveUpAt END,
                        archiveDeletedAt = CASE WHEN ? THEN COALESCE(archiveDeletedAt, ?) ELSE archiveDeletedAt END
                    WHERE row = ? AND minimisedAt IS NULL
                    """)
            for change in changes {
                try statement.execute(arguments: [
                    change.maskedEmail, CellCodec.encode(change.cells), change.errorMessage, now, change.givesUp, now,
                    change.archiveDeleted, now, change.row,
                ])
            }
        }
    }

    /// When the run next has a row to minimise (ISO-8601, `nil` for none known), and the revision it was worked
    /// out at: until the ledger changes or that time comes, a command need not look at its rows again.
    public func minimisationSchedule() async throws -> (dueAt: String?, revision: Int?) {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT minimiseDueAt, minimiseCheckedRevision FROM run WHERE id = 1")
            return (row?["minimiseDueAt"], row?["minimiseCheckedRevision"])
        }
    }

    /// Records when the run next has a row to minimise, as worked out at the current revision.
    public func recordMinimisationSchedule(dueAt: String?) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE run SET minimiseDueAt = ?, minimiseCheckedRevision = revision WHERE id = 1",
                arguments: [dueAt])
        }
    }

    /// Records how long finished rows keep their values, given again to a later command.
    public func recordRetention(retainPII: Double, retainPIIMax: Double) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE run SET retainPII = ?, retainPIIMax = ?, minimiseCheckedRevision = NULL WHERE id = 1",
                arguments: [retainPII, retainPIIMax])
        }
    }

    /// Makes `key` the run's record key: rows from before keyed hashes get their subjects (a page at a time), and a
    /// run hashed under another key is reported so, untouched: its rows keep their state, and only matching them
    /// against new files stops. Returns the other key's name in that case.
    public func adopt(_ key: RecordKey) async throws -> String? {
        let recorded = try await database.read { db in
            try String.fetchOne(db, sql: "SELECT recordKeyId FROM run WHERE id = 1")
        }
        if let recorded, recorded != key.id { return recorded }
        if recorded == nil {
            try await database.write { db in
                try db.execute(sql: "UPDATE run SET recordKeyId = ? WHERE id = 1", arguments: [key.id])
            }
        }
        var after = 0
        while true {
            let page = try await database.read { [after] db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT row, email FROM row
                        WHERE subject IS NULL AND email IS NOT NULL AND row > ? ORDER BY row LIMIT 2000
                        """,
                    arguments: [after]
                )
                .map { (row: $0["row"] as Int, email: $0["email"] as String) }
            }
            guard let last = page.last else { return nil }
            after = last.row
            try await database.write { db in
                let statement = try db.cachedStatement(sql: "UPDATE row SET subject = ? WHERE row = ?")
                for entry in page {
                    try statement.execute(arguments: [key.subject(of: entry.email), entry.row])
                }
            }
        }
    }
}

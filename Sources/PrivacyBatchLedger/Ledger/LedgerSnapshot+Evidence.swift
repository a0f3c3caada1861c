import GRDB

extension LedgerSnapshot {
    /// The head of the run's audit log (`<run>/audit.jsonl`) as the ledger last recorded it: its last entry's
    /// `seq` and hash; `nil` when the ledger holds none.
    ///
    /// The one place evidence reads the head from. The audit log stores it in the `run` table; a ledger from
    /// before the log has no such columns, which reads as `nil` rather than failing, so evidence of older runs
    /// says `"auditHead": null`.
    public func recordedAuditHead() throws -> (seq: Int, hash: String)? {
        // `SELECT *`, not the two columns by name: a ledger without them answers instead of failing to compile
        // the statement, and a missing column reads as `nil`.
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = 1") else { return nil }
        guard let seq = row["auditSeq"] as Int?, let hash = row["auditHash"] as String? else { return nil }
        return (seq, hash)
    }

    /// The rows whose shopper is one of `subjects` (keyed hashes), in row order: few, found through the subject
    /// index.
    public func rows(withSubjects subjects: [String]) throws -> [LedgerRow] {
        guard !subjects.isEmpty else { return [] }
        let placeholders = subjects.map { _ in "?" }.joined(separator: ",")
        return try LedgerRow.fetchAll(
            db, sql: "SELECT * FROM row WHERE subject IN (\(placeholders)) ORDER BY row",
            arguments: StatementArguments(subjects))
    }
}

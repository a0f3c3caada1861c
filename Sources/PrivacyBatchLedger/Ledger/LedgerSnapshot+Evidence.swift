import GRDB

extension LedgerSnapshot {
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

import GRDB
import PrivacyBatchCore

/// What the request index decides for stored rows, and moving a run that never reached its endpoint.
extension Ledger {
    /// Marks the rows of `tokens` `SUBMITTING` with those client tokens, and the rows of `refused`
    /// `ALREADY_REQUESTED` with the earlier task, in one durable transaction.
    ///
    /// Only rows that were certainly never sent (`PENDING`) get here, so replacing their token is safe.
    public func hold(_ tokens: [Int: String], refused: [Int: EarlierRequest]) async throws {
        guard !tokens.isEmpty || !refused.isEmpty else { return }
        let now = Timestamp.now()
        try await changing { db in
            let sending = try db.cachedStatement(
                sql: "UPDATE row SET state = 'SUBMITTING', clientToken = ?, updatedAt = ? WHERE row = ?"
            )
            for (row, token) in tokens { try sending.execute(arguments: [token, now, row]) }
            let held = try db.cachedStatement(
                sql: """
                    UPDATE row SET state = 'ALREADY_REQUESTED', clientToken = NULL, taskId = ?, taskStatus = ?,
                        errorCode = NULL, errorMessage = ?, updatedAt = ? WHERE row = ?
                    """
            )
            for (row, earlier) in refused {
                try held.execute(arguments: [earlier.taskId, earlier.status, earlier.message, now, row])
            }
        }
    }

    /// Moves a run none of whose requests reached its endpoint to `endpoint`: every row not sent there goes
    /// back to `PENDING`, so it is claimed and sent afresh at the new endpoint.
    public func rebind(endpoint: String?) async throws {
        let stamp = LedgerAuditStamp.current
        try await database.write { db in
            try db.execute(sql: "UPDATE run SET endpoint = ? WHERE id = 1", arguments: [endpoint])
            try db.execute(
                sql: """
                    UPDATE row SET state = 'PENDING', taskId = NULL, taskStatus = NULL, errorCode = NULL,
                        errorMessage = NULL
                    WHERE state IN ('SUBMITTING', 'ERROR', 'ALREADY_REQUESTED')
                    """
            )
            try db.execute(sql: "UPDATE run SET revision = revision + 1 WHERE id = 1")
            try stamp?.write(db)
        }
    }
}

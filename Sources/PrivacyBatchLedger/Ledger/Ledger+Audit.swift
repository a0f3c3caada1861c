import GRDB

/// The audit log's head, kept in the run table.
extension Ledger {
    /// Runs `body` so that each of its changing transactions also records `head`; returns whether any did.
    ///
    /// The caller has made the entries up to `head` durable first: a crash then leaves entries the ledger never
    /// committed (adopted on the next open), never committed state the log does not name.
    public func withAuditHead(
        _ head: LedgerAuditHead, _ body: () async throws -> Void
    ) async throws -> Bool {
        let stamp = LedgerAuditStamp(head: head)
        try await LedgerAuditStamp.$current.withValue(stamp) { try await body() }
        return stamp.wasWritten
    }

    /// Records `head` on its own, for entries no change follows (an adoption, the start of a log).
    public func recordAuditHead(_ head: LedgerAuditHead) async throws {
        try await database.write { db in try LedgerAuditStamp(head: head).write(db) }
    }

    /// The recorded head, or `nil` when the run's log has not been started.
    public func auditHead() async throws -> LedgerAuditHead? {
        try await read { try $0.auditHead() }
    }
}

extension LedgerSnapshot {
    /// The recorded audit head, or `nil` when the run's log has not been started.
    public func auditHead() throws -> LedgerAuditHead? {
        guard let row = try Row.fetchOne(db, sql: "SELECT auditSeq, auditHash FROM run WHERE id = 1"),
            let seq = row["auditSeq"] as Int?, let hash = row["auditHash"] as String?
        else { return nil }
        return LedgerAuditHead(seq: seq, hash: hash)
    }

    /// The highest row number stored, 0 when none.
    public func lastRow() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT MAX(row) FROM row") ?? 0
    }
}

extension Ledger {
    /// The rows numbered `numbers`, whatever their state, in row order: what the audit log restates after a crash
    /// left entries about them that the ledger never committed.
    public func storedRows(_ numbers: [Int]) async throws -> [LedgerRow] {
        try await rows(numbered: numbers, submittedOnly: false)
    }
}

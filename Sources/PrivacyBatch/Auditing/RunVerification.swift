import AuditTrail

/// What `verify` found for one run: that its log, its head and its ledger agree, or the first place they do not.
public struct RunVerification: Sendable {
    /// The first disagreement: a line of the log, a row of the ledger, or both unknown (the log is missing).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The 1-based line of `audit.jsonl`, when the problem is in the log.
        public var line: Int?
        /// The data row, when the problem is a row the ledger and the log disagree on.
        public var row: Int?
        /// What is wrong.
        public var message: String

        /// E.g. `line 7: …` or `row 3: …`.
        public var description: String {
            if let line { return "line \(line): \(message)" }
            if let row { return "row \(row): \(message)" }
            return message
        }
    }

    /// The run's name.
    public var run: String
    /// The run's endpoint, `nil` for the sandbox.
    public var endpoint: String?
    /// Entries that passed the chain checks.
    public var entries: Int
    /// The head of those entries.
    public var head: AuditHead
    /// The head the ledger recorded, or `nil` when it recorded none.
    public var recordedHead: AuditHead?
    /// Rows compared with the log.
    public var rows: Int
    /// The first disagreement, or `nil` when everything agrees.
    public var problem: Problem?

    /// Whether the log, its head and the ledger agree.
    public var agrees: Bool { problem == nil }
}

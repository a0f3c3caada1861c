/// The audit log's head as the ledger records it: the `seq` of the last entry whose state the ledger committed,
/// and the lower-case hex SHA-256 of that entry's line.
///
/// The ledger module does not read the log; it only keeps this pair beside the rows, in the same transaction
/// as the state the entries describe.
public struct LedgerAuditHead: Sendable, Hashable {
    /// The last committed entry's `seq`.
    public var seq: Int
    /// The SHA-256 of that entry's line, as 64 lower-case hex digits.
    public var hash: String

    /// A head at `seq` whose line hashes to `hash`.
    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}

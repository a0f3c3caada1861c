/// The end of a chain: the last entry's `seq` and the SHA-256 of its line, which commits to every line before.
///
/// A caller stores it beside its own state (the ledger) after each append, so that a later open or
/// verification can tell a log cut back or rebuilt from the one that was written.
public struct AuditHead: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The `seq` of the last entry; 0 for an empty log.
    public var seq: Int
    /// Lower-case hex SHA-256 of the last line's bytes without its newline; 64 zeros for an empty log.
    public var hash: String

    /// A head at `seq` whose line hashes to `hash`.
    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// The `prev` of the first entry.
    public static let zeroHash = String(repeating: "0", count: 64)

    /// The head of an empty log.
    public static let genesis = AuditHead(seq: 0, hash: zeroHash)

    /// `seq` and a shortened hash, for messages.
    public var description: String { "seq \(seq) (\(hash.prefix(12))…)" }
}

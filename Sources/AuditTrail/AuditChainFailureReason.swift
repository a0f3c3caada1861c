/// Why a log fails verification.
public enum AuditChainFailureReason: Sendable, Equatable, CustomStringConvertible {
    /// The line is not a valid entry.
    case malformed(AuditEntryError)
    /// The line's `seq` is not one more than the line before it (an entry was deleted, moved or inserted).
    case unexpectedSeq(expected: Int, found: Int)
    /// The line's `prev` is not the hash of the line before it (that line was edited, or lines were swapped).
    case brokenLink(expected: String, found: String)
    /// The last line has no newline: a torn write, or bytes cut off.
    case missingNewline
    /// The line is longer than the verifier buffers, which no entry this module writes comes near.
    case lineTooLong(limit: Int)
    /// The log ends before the expected head: entries were removed from its end.
    case truncated(expected: AuditHead, found: AuditHead)
    /// The chain is intact but goes on past the expected head by `count` entries.
    case entriesPastHead(count: Int)
    /// The entry at the expected head's `seq` hashes differently: the log was altered or rebuilt.
    case headMismatch(expected: AuditHead, found: AuditHead)

    /// What is wrong, for a report.
    public var description: String {
        switch self {
        case .malformed(let error): "not a valid entry: \(error)"
        case .unexpectedSeq(let expected, let found): "seq is \(found), expected \(expected)"
        case .brokenLink(let expected, let found):
            "prev is \(found.prefix(12))…, but the previous line hashes to \(expected.prefix(12))…"
        case .missingNewline: "the last line does not end in a newline (torn or cut off)"
        case .lineTooLong(let limit): "the line is longer than \(limit) bytes"
        case .truncated(let expected, let found):
            "the log ends at \(found) but the expected head is \(expected): entries were removed"
        case .entriesPastHead(let count):
            "\(count) \(count == 1 ? "entry" : "entries") past the expected head"
        case .headMismatch(let expected, let found):
            "the entry at the expected head is \(found), not \(expected): the log was altered or rebuilt"
        }
    }
}

/// The first place a log fails verification.
public struct AuditChainFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number of the first failing line (for a log cut short, the first missing line).
    public let line: Int
    /// What is wrong there.
    public let reason: AuditChainFailureReason

    /// A failure at `line` for `reason`.
    public init(line: Int, reason: AuditChainFailureReason) {
        self.line = line
        self.reason = reason
    }

    /// E.g. "line 3: seq is 4, expected 3".
    public var description: String { "line \(line): \(reason)" }
}

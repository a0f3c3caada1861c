/// The outcome of verifying a log.
public struct AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// The head of the lines that passed, in order, before any failure.
    public let head: AuditHead
    /// The first failure, or `nil` if the whole log (and its head, when one was expected) checks out.
    public let failure: AuditChainFailure?

    /// The parts of a verification outcome.
    public init(head: AuditHead, failure: AuditChainFailure?) {
        self.head = head
        self.failure = failure
    }

    /// Whether the log verified.
    public var isValid: Bool { failure == nil }

    /// "verified N entries, head …" or the failure.
    public var description: String {
        failure.map { "verification failed at \($0)" } ?? "verified \(head.seq) entries, head \(head)"
    }
}

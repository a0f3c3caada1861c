/// A validated start request.
struct TaskSubmission: Sendable {
    var kind: TaskKind
    var email: String
    var holdingPeriod: Int?
    var reason: String?
    var clientToken: String?

    /// Identifies "the same input" for idempotency; the effective holding period counts, not its spelling.
    var fingerprint: String {
        [kind.rawValue, email, holdingPeriod.map(String.init) ?? "-", reason ?? "-"].joined(separator: "\u{1F}")
    }
}

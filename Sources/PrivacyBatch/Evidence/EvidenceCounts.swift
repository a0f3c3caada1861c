import PrivacyBatchCore
import PrivacyBatchLedger

/// A run's rows counted for evidence: by outcome, by request type and outcome, and by deadline state.
public struct EvidenceCounts: Sendable, Equatable {
    /// All data rows.
    public var rows = 0
    /// Rows per outcome (`outcomes.csv`'s names).
    public var byOutcome: [String: Int] = [:]
    /// Rows per request type (`unknown` for rows without a valid one), then outcome.
    public var byType: [String: [String: Int]] = [:]
    /// Requests with a due day, by deadline state.
    public var deadlines: [String: Int] = [:]
    /// Rows whose personal values were minimised.
    public var minimised = 0

    /// Creates empty counts.
    public init() {}

    /// Counts `row`.
    mutating func add(_ row: EvidenceRow) {
        rows += 1
        byOutcome[row.outcome, default: 0] += 1
        byType[row.type ?? "unknown", default: [:]][row.outcome, default: 0] += 1
        if let deadline = row.deadline { deadlines[deadline, default: 0] += 1 }
        if row.minimisedAt != nil { minimised += 1 }
    }

    /// The counts as one JSON object, keys sorted.
    var json: String {
        EvidenceJSON.Value.object([
            ("rows", .int(rows)), ("byOutcome", .counts(byOutcome)),
            ("byType", .object(byType.map { (key: $0.key, value: .counts($0.value)) })),
            ("deadlines", .counts(deadlines)), ("minimised", .int(minimised)),
        ]).text
    }
}

/// What the pacer did over a run, for the progress line and `summary.json`.
public struct PacingSummary: Sendable, Codable, Equatable {
    /// Requests answered (or failed), retries included.
    public var requests: Int
    /// Throttled answers among them.
    public var throttled: Int
    /// The rate in force at the end, in requests per second.
    public var finalRate: Double
    /// The `--rate` ceiling, when one was given.
    public var ceiling: Double?

    /// Creates a summary.
    public init(requests: Int, throttled: Int, finalRate: Double, ceiling: Double?) {
        self.requests = requests
        self.throttled = throttled
        self.finalRate = finalRate
        self.ceiling = ceiling
    }

    /// The share of answers that were throttled (0 before any answer).
    public var throttledShare: Double { requests > 0 ? Double(throttled) / Double(requests) : 0 }
}

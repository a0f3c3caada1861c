/// How fast and how hard a run submits.
public struct SubmissionSettings: Sendable, Codable, Equatable {
    /// Requests per second asked for.
    public var rate: Double
    /// Requests that may go at once after a quiet spell.
    public var burst: Int
    /// Requests in flight at most.
    public var concurrency: Int
    /// Attempts per row for transient failures.
    public var maxAttempts: Int
    /// The share of transient failures in the last 200 attempts that stops the run.
    public var maxFailureRate: Double
    /// Retries allowed over the whole run, beyond one per 5 rows sent.
    public var retryBudget: Int

    /// Creates settings; the defaults are the CLI's.
    public init(
        rate: Double = 5,
        burst: Int? = nil,
        concurrency: Int = 8,
        maxAttempts: Int = 6,
        maxFailureRate: Double = 0.5,
        retryBudget: Int = 100
    ) {
        self.rate = rate
        self.burst = burst ?? max(1, Int(rate.rounded(.up)))
        self.concurrency = concurrency
        self.maxAttempts = maxAttempts
        self.maxFailureRate = maxFailureRate
        self.retryBudget = retryBudget
    }
}

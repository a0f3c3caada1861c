/// How fast and how hard a run submits.
public struct SubmissionSettings: Sendable, Codable, Equatable {
    /// Requests per second never exceeded (`--rate`); without it the pacer finds the API's quota itself.
    public var rate: Double?
    /// Requests that may leave back to back after a quiet spell.
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
        rate: Double? = nil,
        burst: Int? = nil,
        concurrency: Int = 8,
        maxAttempts: Int = 6,
        maxFailureRate: Double = 0.5,
        retryBudget: Int = 100
    ) {
        self.rate = rate
        self.burst = max(1, burst ?? 1)
        self.concurrency = concurrency
        self.maxAttempts = maxAttempts
        self.maxFailureRate = maxFailureRate
        self.retryBudget = retryBudget
    }

    /// The pacer these settings ask for.
    public var pacing: AdaptivePacer.Configuration {
        AdaptivePacer.Configuration(ceiling: rate, burst: burst)
    }
}

/// When and how long to wait before sending a failed request again.
public struct RetryPolicy: Sendable {
    /// Attempts per row for transient failures, the first included.
    public var maxAttempts: Int
    /// The first backoff's ceiling.
    public var baseDelay: Double
    /// No backoff is longer than this.
    public var maximumDelay: Double
    /// Throttled answers do not use up `maxAttempts` (the limiter slows down instead), but a row
    /// throttled this many times is given up, so nothing can spin forever.
    public var maxThrottledAttempts: Int

    /// Creates a policy.
    public init(
        maxAttempts: Int = 6, baseDelay: Double = 0.5, maximumDelay: Double = 30, maxThrottledAttempts: Int = 50
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maxThrottledAttempts = maxThrottledAttempts
    }

    /// Full-jitter exponential backoff after the `attempt`-th failure (1-based), never shorter than `retryAfter`
    /// (itself capped at `maximumDelay`, so a hostile hint cannot park a row for hours).
    ///
    /// Full jitter spreads the retries of many concurrent rows, so they do not come back as one wave.
    public func delay<Generator: RandomNumberGenerator>(
        afterAttempt attempt: Int,
        retryAfter: Double?,
        using generator: inout Generator
    ) -> Double {
        let ceiling = min(maximumDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        let jitter = Double.random(in: 0...ceiling, using: &generator)
        return max(jitter, min(retryAfter ?? 0, maximumDelay))
    }
}

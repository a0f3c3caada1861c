import PrivacyBatchCore
import PrivacyBatchLedger

/// Calls the API until it answers, retrying only what is safe: throttling (slowing the limiter) and
/// transient failures (full-jitter backoff, bounded per call and by the run's budget).
///
/// Every API call of a run goes through one caller, so retries, the circuit breaker and the stop
/// signal behave the same for starting, querying and cancelling tasks.
public struct RetryingCaller: Sendable {
    /// How a call ended.
    public enum Outcome<Value: Sendable>: Sendable {
        /// The API answered.
        case answered(Value, attempts: Int)
        /// The API refused; retrying cannot help.
        case refused(APIFailure, attempts: Int)
        /// Transient failures outlasted the retries.
        case gaveUp(APIFailure, attempts: Int)
        /// The run stopped (a signal, the breaker, or this call's authentication failure).
        case stopped(APIFailure?, attempts: Int)
    }

    /// The limiter every request of the run waits for.
    public let limiter: RateLimiter
    /// The run's stop signal.
    public let stop: StopSignal
    private let policy: RetryPolicy
    private let breaker: CircuitBreaker
    private let budget: RetryBudget

    /// Creates a caller for a run with `settings`.
    public init(settings: SubmissionSettings, stop: StopSignal) {
        limiter = RateLimiter(configuration: settings.pacing)
        self.stop = stop
        policy = RetryPolicy(maxAttempts: settings.maxAttempts)
        breaker = CircuitBreaker(maxFailureRate: settings.maxFailureRate)
        budget = RetryBudget(initial: settings.retryBudget)
    }

    /// Calls `operation`; the first attempt is assumed paced by the caller's dispatcher, retries wait for the limiter.
    public func call<Value: Sendable>(
        _ operation: @Sendable () async throws(APIFailure) -> Value
    ) async -> Outcome<Value> {
        var generator = SystemRandomNumberGenerator()
        var attempts = 0
        var throttled = 0
        budget.earn()
        while true {
            attempts += 1
            let failure: APIFailure
            let sentAt = ContinuousClock.now
            do {
                let value = try await operation()
                _ = breaker.record(failedTransiently: false)
                await limiter.record(.admitted, sentAt: sentAt)
                return .answered(value, attempts: attempts)
            } catch {
                failure = error
            }
            var retryAfter: Double?
            switch failure {
            case .throttled(let hint):
                throttled += 1
                retryAfter = hint
                await limiter.record(.throttled(retryAfter: hint), sentAt: sentAt)
                if throttled >= policy.maxThrottledAttempts { return .gaveUp(failure, attempts: attempts) }
            case .transient, .unreachable:
                await limiter.record(.failed, sentAt: sentAt)
                if let reason = breaker.record(failedTransiently: true) { stop.stop(reason) }
                if attempts - throttled >= policy.maxAttempts || !budget.spend() {
                    return .gaveUp(failure, attempts: attempts)
                }
            case .authentication, .authorization:
                await limiter.record(.admitted, sentAt: sentAt)
                stop.stop(.authentication(failure))
                return .stopped(failure, attempts: attempts)
            default:
                await limiter.record(.admitted, sentAt: sentAt)
                _ = breaker.record(failedTransiently: false)
                return .refused(failure, attempts: attempts)
            }
            let delay = policy.delay(
                afterAttempt: max(1, attempts - throttled),
                retryAfter: retryAfter,
                using: &generator
            )
            // Both waits return at once when the run stops: a stopped run does not sit out a Retry-After.
            guard await stop.sleep(until: .now + .seconds(delay)),
                await limiter.acquire(stop: stop) != nil
            else { return .stopped(failure, attempts: attempts) }
        }
    }
}

/// Paces requests to a target rate, slowing down when the API throttles and climbing back on success.
///
/// It is a token bucket in its GCRA form: each caller reserves the next free slot on an absolute
/// schedule, so sleeping late never accumulates drift and the achieved rate stays at the target.
/// Throttling halves the rate (at most once a second, since one burst brings many 429s) and honours
/// `Retry-After` for everyone; each success adds back 2% of the target.
public actor RateLimiter {
    /// The rate asked for, in requests per second.
    public let targetRate: Double
    /// How many requests may go at once after a quiet spell.
    public let burst: Int
    /// The rate in force now.
    public private(set) var currentRate: Double
    private var nextSlot: ContinuousClock.Instant
    private var lastDecrease: ContinuousClock.Instant?
    private let minimumRate: Double

    /// Creates a limiter for `rate` requests per second with bursts of `burst`.
    public init(rate: Double, burst: Int) {
        targetRate = rate
        self.burst = max(1, burst)
        currentRate = rate
        minimumRate = min(rate, 0.2)
        // A fresh limiter has had a quiet spell: its first burst may go at once.
        nextSlot = .now - .seconds(Double(max(1, burst)) / rate)
    }

    /// Waits for the caller's slot. Throws only when the task is cancelled.
    public func acquire() async throws {
        let slot = reserve()
        if slot > .now { try await Task.sleep(until: slot, clock: .continuous) }
    }

    /// Reserves the next slot and returns when it is.
    func reserve() -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        let interval = Duration.seconds(1 / currentRate)
        let earliest = now - interval * (burst - 1)
        let slot = max(nextSlot, earliest)
        nextSlot = slot + interval
        return slot
    }

    /// The API throttled a request: halve the rate and, given a hint, pause everyone for that long.
    public func throttled(retryAfter: Double?) {
        let now = ContinuousClock.now
        if lastDecrease.map({ now - $0 > .seconds(1) }) ?? true {
            currentRate = max(minimumRate, currentRate / 2)
            lastDecrease = now
        }
        if let retryAfter, retryAfter > 0 {
            nextSlot = max(nextSlot, now + .seconds(retryAfter))
        }
    }

    /// A request went through: recover towards the target rate.
    public func succeeded() {
        guard currentRate < targetRate else { return }
        currentRate = min(targetRate, currentRate + targetRate * 0.02)
    }
}

import Testing

@testable import PrivacyBatch

/// The actor around the pacer: it only waits, and a stop ends the wait at once.
@Suite struct RateLimiterTests {
    @Test func slotsAreNeverCloserThanTheCeilingAllows() async throws {
        let limiter = RateLimiter(configuration: .init(ceiling: 100))
        let first = try #require(await limiter.acquire())
        let second = try #require(await limiter.acquire())
        let third = try #require(await limiter.acquire())
        // Slots are instants on the pacer's schedule, not clock readings after an actor hop: a late caller
        // gets a later slot, never an earlier one, so no tolerance is needed.
        #expect(second - first >= .milliseconds(10))
        #expect(third - second >= .milliseconds(10))
    }

    @Test(.timeLimit(.minutes(1))) func aStopDuringTheWaitForASlotReturnsAtOnce() async {
        // One request per 100 s: the second slot is far away, so only the stop can end its wait.
        let limiter = RateLimiter(configuration: .init(ceiling: 0.01))
        let stop = StopSignal()
        #expect(await limiter.acquire(stop: stop) != nil)
        async let waiting = limiter.acquire(stop: stop)
        stop.stop(.interrupted(signal: 2))
        #expect(await waiting == nil)
    }

    @Test(.timeLimit(.minutes(1))) func cancellingTheWaitingTaskReturnsAtOnce() async {
        let limiter = RateLimiter(configuration: .init(ceiling: 0.01))
        #expect(await limiter.acquire() != nil)
        let waiter = Task { await limiter.acquire(stop: StopSignal()) }
        waiter.cancel()
        #expect(await waiter.value == nil)
    }

    @Test func theSummaryCountsRequestsAndThrottledAnswers() async {
        let limiter = RateLimiter(configuration: .init(ceiling: 50))
        let sent = ContinuousClock.now
        await limiter.record(.admitted, sentAt: sent)
        await limiter.record(.throttled(retryAfter: nil), sentAt: sent)
        let summary = await limiter.summary()
        #expect(summary.requests == 2)
        #expect(summary.throttled == 1)
        #expect(summary.throttledShare == 0.5)
        #expect(summary.finalRate <= 50)
        #expect(summary.ceiling == 50)
    }
}

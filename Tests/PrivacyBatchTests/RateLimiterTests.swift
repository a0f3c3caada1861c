import Testing

@testable import PrivacyBatch

@Suite struct RateLimiterTests {
    @Test func slotsFollowTheRateOnAnAbsoluteSchedule() async {
        let limiter = RateLimiter(rate: 10, burst: 1)
        let first = await limiter.reserve()
        let second = await limiter.reserve()
        let third = await limiter.reserve()
        #expect(second - first == .milliseconds(100))
        #expect(third - second == .milliseconds(100))
    }

    @Test func burstLetsSeveralGoAtOnceAfterAQuietSpell() async {
        let limiter = RateLimiter(rate: 1, burst: 3)
        let now = ContinuousClock.now
        let slots = [
            await limiter.reserve(), await limiter.reserve(), await limiter.reserve(), await limiter.reserve(),
        ]
        #expect(slots[0...2].allSatisfy { $0 <= now + .milliseconds(1) })
        #expect(slots[3] > now + .milliseconds(500))
    }

    @Test func throttlingHalvesTheRateOnceAndSuccessesRestoreIt() async {
        let limiter = RateLimiter(rate: 100, burst: 1)
        await limiter.throttled(retryAfter: nil)
        await limiter.throttled(retryAfter: nil)
        #expect(await limiter.currentRate == 50)
        for _ in 0..<25 { await limiter.succeeded() }
        #expect(await limiter.currentRate == 100)
        await limiter.succeeded()
        #expect(await limiter.currentRate == 100)
    }

    @Test func retryAfterPausesEveryone() async {
        let limiter = RateLimiter(rate: 100, burst: 1)
        let before = await limiter.reserve()
        await limiter.throttled(retryAfter: 2)
        let after = await limiter.reserve()
        #expect(after - before >= .seconds(1.9))
    }
}

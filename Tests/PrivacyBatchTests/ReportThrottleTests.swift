import Testing

@testable import PrivacyBatch

@Suite struct ReportThrottleTests {
    @Test func spacesRewritesSoTheyTakeAtMostTheirShareOfTheTime() {
        let start = ContinuousClock.now
        var throttle = ReportThrottle(share: 0.1)
        #expect(throttle.isDue(at: start))
        // A 2-second rewrite: the next may start 20 seconds after this one began.
        throttle.wrote(from: start, to: start + .seconds(2))
        #expect(!throttle.isDue(at: start + .seconds(2)))
        #expect(!throttle.isDue(at: start + .seconds(19)))
        #expect(throttle.isDue(at: start + .seconds(20)))
        // A quick rewrite lets the next round write again almost at once.
        throttle.wrote(from: start + .seconds(20), to: start + .milliseconds(20_010))
        #expect(throttle.isDue(at: start + .milliseconds(20_100)))
    }

    @Test func keepsTheShareWithinBounds() {
        #expect(ReportThrottle(share: 5).share == 1)
        #expect(ReportThrottle(share: 0).share == 0.001)
    }
}

import Testing

@testable import PrivacyBatch

@Suite struct CircuitBreakerTests {
    @Test func tripsOnlyAboveTheShareOnceEnoughAttemptsAreSeen() {
        let breaker = CircuitBreaker(windowSize: 10, maxFailureRate: 0.5, minimumAttempts: 4)
        #expect(breaker.record(failedTransiently: true) == nil)
        #expect(breaker.record(failedTransiently: true) == nil)
        #expect(breaker.record(failedTransiently: false) == nil)
        #expect(breaker.record(failedTransiently: false) == nil)
        #expect(breaker.record(failedTransiently: true) == .failureRate(failed: 3, window: 5))
    }

    @Test func oldAttemptsLeaveTheWindow() {
        let breaker = CircuitBreaker(windowSize: 4, maxFailureRate: 0.5, minimumAttempts: 4)
        for _ in 0..<2 { _ = breaker.record(failedTransiently: true) }
        for _ in 0..<6 { #expect(breaker.record(failedTransiently: false) == nil) }
        #expect(breaker.record(failedTransiently: true) == nil)
        #expect(breaker.record(failedTransiently: true) == nil)
        #expect(breaker.record(failedTransiently: true) == .failureRate(failed: 3, window: 4))
    }
}

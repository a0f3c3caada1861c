import Synchronization

/// Watches the last attempts and trips when too many of them failed transiently.
///
/// A sick API should stop a run early and resumably rather than burn every row's retries. The
/// window is judged once it holds at least `minimumAttempts`, so two early failures do not trip it.
public final class CircuitBreaker: Sendable {
    private struct Window {
        var outcomes: [Bool] = []
        var next = 0
        var failures = 0
    }

    /// How many recent attempts are judged.
    public let windowSize: Int
    /// The failure share above which it trips.
    public let maxFailureRate: Double
    /// Fewer attempts than this are never judged.
    public let minimumAttempts: Int
    private let window = Mutex(Window())

    /// Creates a breaker over the last `windowSize` attempts.
    public init(windowSize: Int = 200, maxFailureRate: Double = 0.5, minimumAttempts: Int = 20) {
        self.windowSize = windowSize
        self.maxFailureRate = maxFailureRate
        self.minimumAttempts = min(minimumAttempts, windowSize)
    }

    /// Records one attempt; returns a stop reason when the window now has too many failures.
    public func record(failedTransiently: Bool) -> StopReason? {
        window.withLock { window in
            if window.outcomes.count < windowSize {
                window.outcomes.append(failedTransiently)
            } else {
                if window.outcomes[window.next] { window.failures -= 1 }
                window.outcomes[window.next] = failedTransiently
                window.next = (window.next + 1) % windowSize
            }
            if failedTransiently { window.failures += 1 }
            let count = window.outcomes.count
            guard count >= minimumAttempts, Double(window.failures) > maxFailureRate * Double(count) else {
                return nil
            }
            return .failureRate(failed: window.failures, window: count)
        }
    }
}

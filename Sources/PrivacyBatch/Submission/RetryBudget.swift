import Synchronization

/// Retries allowed over a whole run: a fixed allowance plus one per five first attempts.
///
/// It keeps a widespread outage from multiplying the load on the API by `maxAttempts`.
final class RetryBudget: Sendable {
    private let balance: Mutex<Double>

    init(initial: Int) {
        balance = Mutex(Double(initial))
    }

    func earn() {
        balance.withLock { $0 += 0.2 }
    }

    func spend() -> Bool {
        balance.withLock { value in
            guard value >= 1 else { return false }
            value -= 1
            return true
        }
    }
}

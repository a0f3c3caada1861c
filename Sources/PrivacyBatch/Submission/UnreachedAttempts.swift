import Synchronization

/// Counts one row's attempts that failed before reaching the API, from inside the retried call.
final class UnreachedAttempts: Sendable {
    private let counter = Mutex(0)

    /// Counts one more.
    func count() {
        counter.withLock { $0 += 1 }
    }

    /// How many were counted.
    var value: Int { counter.withLock { $0 } }
}

import PrivacyBatchCore
import Synchronization

/// Why a run stopped taking new rows.
public enum StopReason: Sendable, Equatable {
    /// SIGINT or SIGTERM (the signal number).
    case interrupted(signal: Int32)
    /// The API refused the credentials or their scope.
    case authentication(APIFailure)
    /// Too many transient failures in the recent window.
    case failureRate(failed: Int, window: Int)

    /// The process exit code this stop maps to (see the README's exit codes).
    public var exitCode: Int32 {
        switch self {
        case .interrupted(let signal): 128 + signal
        case .authentication, .failureRate: 3
        }
    }

    /// One sentence for the operator.
    public var explanation: String {
        switch self {
        case .interrupted(let signal): "interrupted by signal \(signal)"
        case .authentication(let failure): "stopped: \(failure.message)"
        case .failureRate(let failed, let window):
            "stopped by the circuit breaker: \(failed) of the last \(window) attempts failed transiently"
        }
    }
}

/// A flag every task can read and anyone can raise once: the first reason wins.
///
/// Waits that belong to a run (the pacer's slots, `Retry-After`, backoff) go through `sleep(until:)`, which
/// returns the moment the signal is raised or the task is cancelled instead of sleeping out its time.
public final class StopSignal: Sendable {
    private struct State {
        var reason: StopReason?
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Creates a lowered signal.
    public init() {}

    /// Raises the signal unless it is raised already, waking every waiter.
    public func stop(_ reason: StopReason) {
        let woken = state.withLock { current -> [CheckedContinuation<Void, Never>] in
            guard current.reason == nil else { return [] }
            current.reason = reason
            defer { current.waiters.removeAll() }
            return Array(current.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Why the run stops, or `nil` while it goes on.
    public var reason: StopReason? { state.withLock { $0.reason } }

    /// Whether the run should take no new work.
    public var isStopped: Bool { reason != nil }

    /// Returns once the signal is raised or the calling task is cancelled.
    public func waitUntilStopped() async {
        let id = state.withLock { current in
            defer { current.nextWaiter += 1 }
            return current.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Checked under the lock the cancellation handler takes too, so a cancellation that lands
                // before the waiter is registered is still seen.
                let resumeNow = state.withLock { current in
                    if current.reason != nil || Task.isCancelled { return true }
                    current.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Sleeps until `deadline`; returns `false` at once when the signal is raised or the task is cancelled first.
    public func sleep(until deadline: ContinuousClock.Instant) async -> Bool {
        if isStopped || Task.isCancelled { return false }
        if deadline <= .now { return true }
        let slept = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await Task.sleep(until: deadline, clock: .continuous)) != nil }
            group.addTask {
                await self.waitUntilStopped()
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        return slept && !isStopped && !Task.isCancelled
    }
}

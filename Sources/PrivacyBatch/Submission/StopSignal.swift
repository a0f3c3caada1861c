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
public final class StopSignal: Sendable {
    private let state = Mutex<StopReason?>(nil)

    /// Creates a lowered signal.
    public init() {}

    /// Raises the signal unless it is raised already.
    public func stop(_ reason: StopReason) {
        state.withLock { current in
            if current == nil { current = reason }
        }
    }

    /// Why the run stops, or `nil` while it goes on.
    public var reason: StopReason? { state.withLock { $0 } }

    /// Whether the run should take no new work.
    public var isStopped: Bool { reason != nil }
}

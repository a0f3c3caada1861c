import Foundation

/// A clock that only moves when told to, for deterministic tests.
public final class ManualSimulatorClock: SimulatorClock {
    private let current: Locked<Date>

    /// Starts the clock at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_730_419_200)) {
        current = Locked(start)
    }

    /// The instant the clock was last set to.
    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

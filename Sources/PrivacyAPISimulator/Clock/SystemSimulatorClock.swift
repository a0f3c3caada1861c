import Foundation

/// The real clock.
public struct SystemSimulatorClock: SimulatorClock {
    /// Creates the system clock.
    public init() {}

    /// The current system time.
    public func now() -> Date { Date() }
}

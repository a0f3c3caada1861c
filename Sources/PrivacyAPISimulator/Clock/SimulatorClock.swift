import Foundation

/// Source of the current time; injectable so tests can move time without waiting.
public protocol SimulatorClock: Sendable {
    /// The current instant.
    func now() -> Date
}

// TEMPORARY: the shapes agreed with the simulator work; replaced by the real module on merge.
import Foundation

public struct SimulatorCredentials: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var targetID: String
    public static let sandbox = SimulatorCredentials(
        clientID: "sandbox-client-id", clientSecret: "sandbox-client-secret", targetID: "sandbox-target")
}
public struct SimulatorConfiguration: Sendable {
    public var stateFile: String?
    public var eventsFile: String?
    public var credentials: SimulatorCredentials = .sandbox
    public var clock: any SimulatorClock = SystemSimulatorClock()
    public var latency: ClosedRange<Int>? = nil
    public var dropRate = 0.0
    public var seed: UInt64 = 0
    public var rate: Double? = nil
    public var burst = 10
    public init() {}
}
public struct PrivacyAPISimulator: Sendable {
    public init(configuration: SimulatorConfiguration) throws {}
    public func withRunning<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await body("http://127.0.0.1:1")
    }
}

public protocol SimulatorClock: Sendable { func now() -> Date }
public struct SystemSimulatorClock: SimulatorClock { public init() {}; public func now() -> Date { Date() } }
public final class ManualSimulatorClock: SimulatorClock, @unchecked Sendable {
    public init() {}; public func now() -> Date { Date() }; public func advance(by: Double) {}
}
extension PrivacyAPISimulator { public func run(onListening: @escaping @Sendable (String) -> Void) async throws {} }

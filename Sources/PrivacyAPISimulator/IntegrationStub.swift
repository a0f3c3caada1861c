// TEMPORARY: the shapes agreed with the simulator work; replaced by the real module on merge.
import Foundation

public struct SimulatorCredentials: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var targetID: String
    public static let sandbox = SimulatorCredentials(clientID: "sandbox-client-id", clientSecret: "sandbox-client-secret", targetID: "sandbox-target")
}
public struct SimulatorConfiguration: Sendable {
    public var stateFile: String?
    public var eventsFile: String?
    public var credentials: SimulatorCredentials = .sandbox
    public init() {}
}
public struct PrivacyAPISimulator: Sendable {
    public init(configuration: SimulatorConfiguration) throws {}
    public func withRunning<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await body("http://127.0.0.1:1")
    }
}

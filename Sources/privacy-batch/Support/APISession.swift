import AsyncHTTPClient
import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore

/// Runs a command's body with a ready API client: the embedded sandbox or a real endpoint.
///
/// The sandbox starts the simulator in-process on a loopback port with its state in
/// `<reports>/.sandbox/`, so tasks outlive the command and later commands see them.
enum APISession {
    /// What the body gets: the client, and where it points.
    struct Context: Sendable {
        var client: PrivacyAPIClient
        var endpointLabel: String
        var isSandbox: Bool
    }

    static func with<T: Sendable>(
        endpoint: APIEndpoint?,
        reports: String,
        concurrency: Int = 8,
        _ body: @Sendable @escaping (Context) async throws -> T
    ) async throws -> T {
        guard let endpoint else {
            let sandbox = (reports as NSString).appendingPathComponent(".sandbox")
            try SecureFile.createDirectory(reports)
            try SecureFile.createDirectory(sandbox)
            var configuration = SimulatorConfiguration()
            configuration.stateFile = (sandbox as NSString).appendingPathComponent("simulator.sqlite")
            configuration.eventsFile = (sandbox as NSString).appendingPathComponent("events.jsonl")
            let simulator = try PrivacyAPISimulator(configuration: configuration)
            return try await simulator.withRunning { baseURL in
                Console.out(
                    "SANDBOX: embedded simulator at \(baseURL) — no real shopper is touched (state: \(sandbox)/)")
                let credentials = SimulatorCredentials.sandbox
                let api = APIConfiguration(
                    endpoint: try APIEndpoint(baseURL),
                    credentials: .clientCredentials(
                        clientID: credentials.clientID, clientSecret: credentials.clientSecret),
                    targetID: credentials.targetID
                )
                return try await withClient(api, concurrency: concurrency, isSandbox: true, body)
            }
        }
        let api = try APIConfiguration.fromEnvironment(ProcessInfo.processInfo.environment, endpoint: endpoint)
        return try await withClient(api, concurrency: concurrency, isSandbox: false, body)
    }

    private static func withClient<T: Sendable>(
        _ api: APIConfiguration,
        concurrency: Int,
        isSandbox: Bool,
        _ body: @Sendable (Context) async throws -> T
    ) async throws -> T {
        let configuration = PrivacyAPIClient.httpConfiguration(concurrency: concurrency)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let client = PrivacyAPIClient(configuration: api, httpClient: httpClient)
        do {
            let result = try await body(
                Context(client: client, endpointLabel: api.endpoint.description, isSandbox: isSandbox))
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}

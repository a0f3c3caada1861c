import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI

/// Runs the real simulator on a loopback port and hands tests a real client for it.
public enum SimulatorHarness {
    /// One task as `/_simulator/tasks` lists it.
    public struct ListedTask: Decodable, Sendable {
        /// The task id.
        public var taskId: String
        /// `deletion` or `retrieval`.
        public var kind: String
        /// The shopper's email.
        public var email: String
        /// The client token it was created with.
        public var clientToken: String?
        /// Its status now.
        public var status: String
        /// The holding period it was started with (deletions).
        public var holdingPeriod: Int?
        /// The reason it was started with (deletions).
        public var reason: String?
    }

    private struct TaskList: Decodable {
        var tasks: [ListedTask]
    }

    /// The API configuration for a simulator at `baseURL` with the sandbox credentials.
    public static func apiConfiguration(baseURL: String) throws -> APIConfiguration {
        let credentials = SimulatorCredentials.sandbox
        return APIConfiguration(
            endpoint: try APIEndpoint(baseURL),
            credentials: .clientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            targetID: credentials.targetID,
            requestTimeout: .seconds(10)
        )
    }

    /// Starts a simulator, runs `body` with its base URL and a client for it, then stops both.
    public static func withSimulator<T: Sendable>(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
        _ body: @Sendable @escaping (String, PrivacyAPIClient) async throws -> T
    ) async throws -> T {
        let simulator = try PrivacyAPISimulator(configuration: configuration)
        return try await simulator.withRunning { baseURL in
            let httpClient = HTTPClient(
                eventLoopGroupProvider: .singleton, configuration: PrivacyAPIClient.httpConfiguration(concurrency: 8))
            do {
                let client = PrivacyAPIClient(
                    configuration: try apiConfiguration(baseURL: baseURL), httpClient: httpClient)
                let result = try await body(baseURL, client)
                try await httpClient.shutdown()
                return result
            } catch {
                try? await httpClient.shutdown()
                throw error
            }
        }
    }

    /// The tasks the simulator holds, from its inspection endpoint.
    public static func tasks(baseURL: String) async throws -> [ListedTask] {
        var request = HTTPClientRequest(url: baseURL + "/_simulator/tasks")
        request.headers.add(name: "Authorization", value: "Bearer \(try await accessToken(baseURL: baseURL))")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 64 << 20)
        return try JSONDecoder().decode(TaskList.self, from: body).tasks
    }

    /// A sandbox access token from the simulator at `baseURL`, as `/_simulator/tasks` requires.
    public static func accessToken(baseURL: String) async throws -> String {
        let credentials = SimulatorCredentials.sandbox
        // The client's own token provider: the request the tool makes is the one tests make.
        let provider = AccessTokenProvider(
            credentials: .clientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            tokenURL: baseURL + "/token",
            httpClient: HTTPClient.shared
        )
        return try await provider.token()
    }
}

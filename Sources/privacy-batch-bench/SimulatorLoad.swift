import AsyncHTTPClient
import Foundation
import NIOCore
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import Synchronization

/// Start mutations answered per second by the simulator in its own process, driven by a lean load loop.
enum SimulatorLoad {
    static func run(seconds: Double = 5, concurrency: Int = 32) async throws {
        let simulator = try SimulatorProcess()
        defer { simulator.stop() }
        var configuration = PrivacyAPIClient.httpConfiguration(concurrency: concurrency)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let token = try await accessToken(client: client, baseURL: simulator.baseURL)
        let counts = LoadCounts()
        let baseURL = simulator.baseURL
        let deadline = ContinuousClock.now + .seconds(seconds)
        let query =
            "mutation S($input: StartPersonalDataDeletionTaskInput!) { startPersonalDataDeletionTask(input: $input) { taskId } }"
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var index = 0
                    while ContinuousClock.now < deadline {
                        index += 1
                        let body = """
                            {"query":"\(query)","variables":{"input":{"dataSubject":{"type":"SHOPPER","email":"load.\(worker).\(index)@example.com"},"holdingPeriod":5}}}
                            """
                        var request = HTTPClientRequest(url: baseURL + "/graphql")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "x-api-target-id", value: SimulatorCredentials.sandbox.targetID)
                        request.body = .bytes(ByteBuffer(string: body))
                        do {
                            let response = try await client.execute(request, timeout: .seconds(10))
                            _ = try await response.body.collect(upTo: 1 << 16)
                            if response.status == .ok {
                                counts.answered.add(1, ordering: .relaxed)
                            } else {
                                counts.failed.add(1, ordering: .relaxed)
                            }
                        } catch {
                            counts.failed.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }
        try await client.shutdown()
        let count = counts.answered.load(ordering: .relaxed)
        print(
            String(
                format: "%d start mutations answered in %.0f s at concurrency %d: %.0f/s (%d failed)",
                count,
                seconds,
                concurrency,
                Double(count) / seconds,
                counts.failed.load(ordering: .relaxed)
            )
        )
    }

    private static func accessToken(client: HTTPClient, baseURL: String) async throws -> String {
        var request = HTTPClientRequest(url: baseURL + "/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let credentials = SimulatorCredentials.sandbox
        request.body = .bytes(
            ByteBuffer(
                string:
                    "grant_type=client_credentials&client_id=\(credentials.clientID)&client_secret=\(credentials.clientSecret)"
            )
        )
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        struct Answer: Decodable { var access_token: String }
        return try JSONDecoder().decode(Answer.self, from: Data(buffer: body)).access_token
    }
}

/// Answers counted by the load loops.
private final class LoadCounts: Sendable {
    let answered = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
}

import Foundation
import NIOCore
import NIOPosix
import PrivacyAPISimulator
import Testing

/// What any local user could do to a running sandbox: deep queries, huge bodies, slow clients.
@Suite(.timeLimit(.minutes(1))) struct RequestLimitsTests {
    @Test func aDeeplyNestedQueryGetsAGraphQLErrorAndTheSimulatorLivesOn() async throws {
        try await withSimulator { sim in
            let deep = "query { " + String(repeating: "a { ", count: 5000) + String(repeating: "} ", count: 5001)
            let answer = try await sim.graphQL(deep)
            #expect(answer.status == 400)
            #expect(answer.text.contains("nested deeper than"))
            let wide = "query { " + String(repeating: "a(b: [1]) ", count: 1500) + "}"
            #expect(try await sim.graphQL(wide).text.contains("more than"))
            #expect(try await sim.startRetrieval(email: "still.alive@example.com").isEmpty == false)
        }
    }

    @Test func aBodyOverTheLimitGets413() async throws {
        try await withSimulator { sim in
            let token = try await sim.token()
            let huge = "{\"query\":\"" + String(repeating: "x", count: 2 << 20) + "\"}"
            let answer = try await sim.send(
                .POST, "/graphql",
                headers: [
                    ("Authorization", "Bearer \(token)"), ("x-api-target-id", "sandbox-target"),
                    ("Content-Type", "application/json"),
                ], body: huge)
            #expect(answer.status == 413)
            #expect(answer.text.contains("too large"))
        }
    }

    @Test func aClientThatNeverFinishesItsHeadersIsCutOff() async throws {
        try await withSimulator({ $0.headTimeout = 0.3 }) { sim in
            let url = try #require(URL(string: sim.baseURL))
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: url.host ?? "127.0.0.1", port: url.port ?? 0).get()
            do {
                try await channel.writeAndFlush(ByteBuffer(string: "POST /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: "))
                    .get()
            } catch ChannelError.ioOnClosedChannel {
                // On a loaded machine the 0.3 s can pass before the partial head is written: the server cut off
                // a client that sent nothing, which is the same timeout.
            }
            // The positive signal: the server closes the connection; without a head timeout this never ends.
            try await channel.closeFuture.get()
        }
    }

    @Test func oneSimulatorPerStateFile() throws {
        let path = temporaryPath("state.sqlite")
        var configuration = SimulatorConfiguration()
        configuration.stateFile = path
        do {
            let first = try PrivacyAPISimulator(configuration: configuration)
            let error = #expect(throws: SimulatorError.self) { try PrivacyAPISimulator(configuration: configuration) }
            #expect(error?.description.contains("in use by another simulator") == true)
            withExtendedLifetime(first) {}
        }
        // The first one is gone, and with it its lock.
        _ = try PrivacyAPISimulator(configuration: configuration)
    }

    @Test func secretsNeverReachADumpOfTheConfiguration() throws {
        var configuration = SimulatorConfiguration()
        configuration.credentials = SimulatorCredentials(clientID: "id", clientSecret: "hunter2", targetID: "t")
        let simulator = try PrivacyAPISimulator(configuration: configuration)
        for text in [String(describing: simulator), String(reflecting: simulator), String(describing: configuration)] {
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("keyBytes"))
        }
    }

    @Test(arguments: [("127.0.0.1", true), ("::1", true), ("localhost", true), ("0.0.0.0", false), ("10.1.2.3", false)])
    func knowsWhichBindingsAreLoopback(_ host: String, _ loopback: Bool) {
        var configuration = SimulatorConfiguration()
        configuration.host = host
        #expect(configuration.bindsLoopbackOnly == loopback)
    }
}

import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchAPI
@testable import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#endif

/// Redirects and slow servers, against a hostile server on loopback.
@Suite(.timeLimit(.minutes(1))) struct HTTPConfigurationTests {
    static let tokenJSON = #"{"access_token":"t0k","token_type":"bearer","expires_in":900}"#

    @discardableResult
    static func withClient<T: Sendable>(
        baseURL: String,
        timeout: Duration = .seconds(10),
        _ body: @Sendable (PrivacyAPIClient) async throws -> T
    ) async throws -> T {
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: PrivacyAPIClient.httpConfiguration(concurrency: 2))
        let configuration = APIConfiguration(
            endpoint: try APIEndpoint(baseURL),
            credentials: .clientCredentials(clientID: "id", clientSecret: "s3cret"),
            targetID: "target",
            requestTimeout: timeout
        )
        do {
            let result = try await body(PrivacyAPIClient(configuration: configuration, httpClient: httpClient))
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    static let request = PrivacyRequest(type: .retrieval, email: "jane@example.com", holdingPeriod: nil, reason: nil)

    @Test func aRedirectedTokenRequestDoesNotResendTheSecretElsewhere() async throws {
        try await HostileServer.with({ _, _ in HostileServer.json("{}") }) { elsewhere, elsewhereURL in
            try await HostileServer.with({ _, path in HostileServer.redirect(to: elsewhereURL + path) }) { _, url in
                try await Self.withClient(baseURL: url) { client in
                    await #expect(throws: APIFailure.self) { try await client.checkCredentials() }
                }
            }
            #expect(elsewhere.hits.isEmpty)
        }
    }

    @Test func aRedirectedGraphQLRequestDoesNotForwardTheEmailOrToken() async throws {
        try await HostileServer.with({ _, _ in HostileServer.json("{}") }) { elsewhere, elsewhereURL in
            try await HostileServer.with({ _, path in
                path == "/token" ? HostileServer.json(Self.tokenJSON) : HostileServer.redirect(to: elsewhereURL + path)
            }) { server, url in
                try await Self.withClient(baseURL: url) { client in
                    await #expect(throws: APIFailure.self) {
                        _ = try await client.startTask(Self.request, clientToken: "ct-1")
                    }
                }
                #expect(server.hits == ["/token", "/graphql"])
            }
            #expect(elsewhere.hits.isEmpty)
        }
    }

    @Test func aTricklingBodyEndsAtTheRequestDeadline() async throws {
        try await HostileServer.with({ _, path in
            path == "/token" ? HostileServer.json(Self.tokenJSON) : HostileServer.trickle()
        }) { _, url in
            try await Self.withClient(baseURL: url, timeout: .seconds(1)) { client in
                let failure = await #expect(throws: APIFailure.self) {
                    _ = try await client.startTask(Self.request, clientToken: "ct-1")
                }
                #expect(failure?.isRetryable == true)
                #expect(failure?.message.contains("within 1 s") == true)
            }
        }
    }

    /// An answered exchange leaves no timer behind: `status` over a million tasks must not hold one per request
    /// until its deadline. Measured as resident memory, so it is not about time: 30,000 answers with an hour's
    /// deadline each held about 20 MB when the deadline was a cancelled `Task.sleep`.
    @Test func anAnsweredExchangeLeavesNoTimerBehind() async throws {
        #if canImport(Glibc)
            let timers = HTTPClient.shared.eventLoopGroup
            // Resident memory, from /proc: timers kept alive add to it; memory freed and reused does not.
            func residentBytes() -> Int {
                let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
                let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
            }
            for _ in 0..<1_000 { _ = try await RequestDeadline.run(.seconds(3600), timers: timers) { 1 } }
            let before = residentBytes()
            for _ in 0..<30_000 { _ = try await RequestDeadline.run(.seconds(3600), timers: timers) { 1 } }
            // A margin for what tests running alongside allocate meanwhile; one timer kept per answer is 20 MB.
            #expect(residentBytes() - before < 8 << 20)
        #endif
    }
}

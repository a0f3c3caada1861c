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
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import PrivacyBatchCore

/// Hands out bearer tokens to every concurrent request, refreshing them before they expire.
///
/// Access tokens live 15 minutes and many token requests in quick succession are throttled, so
/// one refresh at a time serves all tasks: callers that arrive during a refresh wait for it.
public actor AccessTokenProvider {
    private struct IssuedToken {
        var value: String
        var refreshAt: ContinuousClock.Instant
    }

    private let credentials: APICredentials
    private let tokenURL: String
    private let httpClient: HTTPClient
    private var current: IssuedToken?
    private var refresh: Task<IssuedToken, any Error>?

    /// Creates a provider for the given credentials and token endpoint.
    public init(credentials: APICredentials, tokenURL: String, httpClient: HTTPClient) {
        self.credentials = credentials
        self.tokenURL = tokenURL
        self.httpClient = httpClient
        if case .accessToken(let token) = credentials {
            current = IssuedToken(value: token, refreshAt: .now + .seconds(86_400 * 365))
        }
    }

    /// A token that is valid for a while yet.
    public func token() async throws(APIFailure) -> String {
        if let current, ContinuousClock.now < current.refreshAt { return current.value }
        return try await refreshed()
    }

    /// Called after the API refused `rejected` with 401: returns a fresh token, or fails when none can be had.
    ///
    /// Several requests refused with the same token cause one refresh between them.
    public func replace(rejected: String) async throws(APIFailure) -> String {
        if let current, current.value != rejected { return current.value }
        guard case .clientCredentials = credentials else {
            throw .authentication(
                reason: "the API refused BWP_ACCESS_TOKEN; it may have expired: set a new one or use client credentials"
            )
        }
        current = nil
        return try await refreshed()
    }

    private func refreshed() async throws(APIFailure) -> String {
        guard case .clientCredentials(let id, let secret) = credentials else {
            throw .authentication(reason: "no valid access token")
        }
        let task: Task<IssuedToken, any Error>
        if let refresh {
            task = refresh
        } else {
            task = Task { [tokenURL, httpClient] in
                try await Self.requestToken(url: tokenURL, clientID: id, clientSecret: secret, httpClient: httpClient)
            }
            refresh = task
        }
        // Only the refresh this caller waited for is cleared: a newer one may already be under way.
        defer { if refresh == task { refresh = nil } }
        do {
            let issued = try await task.value
            current = issued
            return issued.value
        } catch let failure as APIFailure {
            throw failure
        } catch {
            throw .transient(reason: "token request failed: \(type(of: error))")
        }
    }

    private struct TokenAnswer: Decodable {
        var access_token: String
        var expires_in: Double?
    }

    private static func requestToken(
        url: String,
        clientID: String,
        clientSecret: String,
        httpClient: HTTPClient
    ) async throws -> IssuedToken {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let form = [
            ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret),
        ]
        .map { "\($0)=\(formEncoded($1))" }
        .joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: form))
        let started = ContinuousClock.now
        let status: UInt
        let retryAfter: String?
        let body: ByteBuffer
        do {
            // One deadline for the whole exchange: a token endpoint that trickles its answer must not hang a run.
            let timers = httpClient.eventLoopGroup
            (status, retryAfter, body) = try await RequestDeadline.run(.seconds(30), timers: timers) {
                [httpClient, request] in
                let response = try await httpClient.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 20)
                return (response.status.code, response.headers.first(name: "Retry-After"), body)
            }
        } catch {
            throw APIFailure.classify(transportError: error, url: url, during: "token endpoint unreachable")
        }
        switch status {
        case 200..<300:
            break
        case 400, 401, 403:
            throw APIFailure.authentication(
                reason:
                    "the token endpoint refused the client credentials (HTTP \(status)): check BWP_CLIENT_ID and BWP_CLIENT_SECRET"
            )
        case 429:
            throw APIFailure.throttled(retryAfter: retryAfter.flatMap(Double.init))
        default:
            throw APIFailure.transient(reason: "token endpoint answered HTTP \(status)")
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: body) else {
            throw APIFailure.transient(reason: "token endpoint answered without an access_token")
        }
        // Refresh a minute early (or at 80% of a short lifetime) so no request leaves with a dying token.
        // Bounded: a lifetime of 0 or less would refresh on every request, a huge one would overflow.
        let lifetime = min(max(answer.expires_in ?? 900, 1), 86_400)
        let margin = min(60, lifetime * 0.2)
        return IssuedToken(value: answer.access_token, refreshAt: started + .seconds(lifetime - margin))
    }

    private static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

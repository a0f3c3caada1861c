import AsyncHTTPClient
import PrivacyBatchCore

extension PrivacyAPIClient {
    /// Why the start-up check failed, or `nil` when it passed: for callers that decide per failure
    /// (e.g. an endpoint that cannot be reached at start is a configuration error).
    ///
    /// With client credentials the token request reaches the endpoint. A ready token (`BWP_ACCESS_TOKEN`)
    /// fetches nothing, so the endpoint is probed instead: otherwise a mistyped host would only show as every
    /// row failing, retried as transient.
    public func credentialFailure() async -> APIFailure? {
        do {
            try await checkCredentials()
            if case .accessToken = configuration.credentials { try await probeReachable() }
            return nil
        } catch {
            return error
        }
    }

    /// A plain GET of the GraphQL URL, with no token and no body: whatever the API answers (405, 401, …) shows
    /// the host resolves, accepts the connection and passes TLS. Only a transport failure is an error.
    func probeReachable() async throws(APIFailure) {
        var request = HTTPClientRequest(url: configuration.endpoint.graphqlURL)
        request.method = .GET
        let limit = configuration.requestTimeout
        do {
            try await RequestDeadline.run(limit, timers: httpClient.eventLoopGroup) { [httpClient, request] in
                let response = try await httpClient.execute(request, timeout: RequestDeadline.timeAmount(limit))
                // The answer's body says nothing we need; a large or odd one must not fail the probe.
                _ = try? await response.body.collect(upTo: 64 << 10)
            }
        } catch {
            throw APIFailure.classify(
                transportError: error, url: configuration.endpoint.graphqlURL, during: "endpoint unreachable")
        }
    }
}

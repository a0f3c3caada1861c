import AsyncHTTPClient

/// The HTTP client settings every command and the benchmark use.
extension PrivacyAPIClient {
    /// Redirects are never followed: the API does not redirect, and a redirect would re-send the client
    /// secret, the bearer token or a shopper's email to wherever it points. Connecting has its own limit;
    /// each request's total deadline is set per call (see `RequestDeadline`).
    public static func httpConfiguration(concurrency: Int) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, concurrency)
        configuration.timeout.connect = .seconds(10)
        return configuration
    }
}

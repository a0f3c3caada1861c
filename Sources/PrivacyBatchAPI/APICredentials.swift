import PrivacyBatchCore

/// How the client proves who it is: a fixed access token, or client credentials that mint tokens.
public enum APICredentials: Sendable {
    /// A ready access token (`BWP_ACCESS_TOKEN`). It cannot be refreshed, so a run outliving it stops.
    case accessToken(String)
    /// OAuth 2.0 client credentials (`BWP_CLIENT_ID`, `BWP_CLIENT_SECRET`), exchanged at `<endpoint>/token`.
    case clientCredentials(clientID: String, clientSecret: String)
}

/// Everything needed to talk to one merchant's privacy API.
public struct APIConfiguration: Sendable {
    /// The API's address.
    public var endpoint: APIEndpoint
    /// How to authenticate.
    public var credentials: APICredentials
    /// The business product id sent as `x-api-target-id`.
    public var targetID: String
    /// The API version sent as `x-api-version`.
    public var apiVersion: String
    /// How long one HTTP request may take before it counts as a transient failure.
    public var requestTimeout: Duration

    /// The version the seed documents describe.
    public static let defaultAPIVersion = "2024-11-01"

    /// Creates a configuration.
    public init(
        endpoint: APIEndpoint,
        credentials: APICredentials,
        targetID: String,
        apiVersion: String = APIConfiguration.defaultAPIVersion,
        requestTimeout: Duration = .seconds(30)
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.targetID = targetID
        self.apiVersion = apiVersion
        self.requestTimeout = requestTimeout
    }

    /// Reads credentials from the `BWP_*` environment variables for a real endpoint.
    ///
    /// Fails with a message naming the missing variable, so a bad setup stops before any request.
    public static func fromEnvironment(
        _ environment: [String: String],
        endpoint: APIEndpoint
    ) throws(ConfigurationError) -> APIConfiguration {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
            else { return nil }
            return text
        }
        let credentials: APICredentials
        if let token = value("BWP_ACCESS_TOKEN") {
            credentials = .accessToken(token)
        } else if let id = value("BWP_CLIENT_ID"), let secret = value("BWP_CLIENT_SECRET") {
            credentials = .clientCredentials(clientID: id, clientSecret: secret)
        } else {
            throw ConfigurationError(
                "no credentials for \(endpoint): set BWP_CLIENT_ID and BWP_CLIENT_SECRET (or BWP_ACCESS_TOKEN)"
            )
        }
        guard let target = value("BWP_TARGET_ID") else {
            throw ConfigurationError(
                "BWP_TARGET_ID is not set: it is the business product id from your API credentials (x-api-target-id)"
            )
        }
        let version = value("BWP_API_VERSION") ?? defaultAPIVersion
        return APIConfiguration(endpoint: endpoint, credentials: credentials, targetID: target, apiVersion: version)
    }
}

import Foundation

/// Where the privacy API lives: the GraphQL endpoint and its OAuth token endpoint beside it.
public struct APIEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The base URL without a trailing slash, e.g. `https://api.buywithprime.amazon.com`.
    public let baseURL: String

    /// The GraphQL endpoint (`<base>/graphql`).
    public var graphqlURL: String { baseURL + "/graphql" }

    /// The OAuth 2.0 client-credentials token endpoint (`<base>/token`).
    public var tokenURL: String { baseURL + "/token" }

    /// Whether the endpoint is on this machine (the sandbox, or a simulator under test).
    public let isLoopback: Bool

    /// The endpoint, for messages.
    public var description: String { baseURL }

    /// Parses and checks an endpoint given by flag or environment.
    ///
    /// Personal data and bearer tokens must never travel in clear text over a network, so plain
    /// `http://` is refused unless the host is loopback. A trailing `/graphql` is accepted and dropped,
    /// since that is the address people copy from the documentation.
    public init(_ text: String) throws(ConfigurationError) {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.hasSuffix("/graphql") { trimmed.removeLast("/graphql".count) }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError(
                "the endpoint '\(text)' is not a URL; give one like https://api.buywithprime.amazon.com")
        }
        let loopback = Self.isLoopbackHost(host)
        switch scheme {
        case "https": break
        case "http" where loopback: break
        case "http":
            throw ConfigurationError(
                "the endpoint '\(text)' uses plain http to a host that is not loopback; use https:// (personal data and tokens must not travel in clear text)"
            )
        default:
            throw ConfigurationError("the endpoint '\(text)' must start with https://")
        }
        self.baseURL = trimmed
        self.isLoopback = loopback
    }

    static func isLoopbackHost(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }
}

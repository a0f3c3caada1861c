import Foundation
import PrivacyBatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// since that is the address people copy from the documentation. A user, password, query or fragment
    /// is refused: the endpoint is printed, stored in the ledger and the summary, and must hold no secret;
    /// the messages here never repeat those parts.
    public init(_ text: String) throws(ConfigurationError) {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.hasSuffix("/graphql") { trimmed.removeLast("/graphql".count) }
        let shown = Self.redacted(text)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError(
                "the endpoint '\(shown)' is not a URL; give one like https://api.buywithprime.amazon.com")
        }
        guard components.user == nil, components.password == nil, !trimmed.contains("@") else {
            throw ConfigurationError(
                "the endpoint '\(shown)' carries a user name or password; give the bare URL and put credentials in BWP_CLIENT_ID/BWP_CLIENT_SECRET"
            )
        }
        guard components.query == nil, components.fragment == nil else {
            throw ConfigurationError(
                "the endpoint '\(shown)' carries a query or fragment; give the bare base URL, e.g. https://api.buywithprime.amazon.com"
            )
        }
        let loopback = Self.isLoopbackHost(host)
        switch scheme {
        case "https": break
        case "http" where loopback: break
        case "http":
            throw ConfigurationError(
                "the endpoint '\(shown)' uses plain http to a host that is not loopback; use https:// (personal data and tokens must not travel in clear text)"
            )
        default:
            throw ConfigurationError("the endpoint '\(shown)' must start with https://")
        }
        self.baseURL = Self.canonical(components, scheme: scheme) ?? trimmed
        self.isLoopback = loopback
    }

    /// The base URL in the one form the ledger, the request index and the client tokens compare: scheme and
    /// host lower-cased, the scheme's default port dropped, the path as given. `https://API.example.com:443`
    /// and `https://api.example.com` are one endpoint, so they can never hold two tasks for one request.
    private static func canonical(_ components: URLComponents, scheme: String) -> String? {
        var canonical = URLComponents()
        canonical.scheme = scheme
        canonical.percentEncodedHost = components.percentEncodedHost?.lowercased()
        if let port = components.port, port != (scheme == "https" ? 443 : 80) { canonical.port = port }
        canonical.percentEncodedPath = components.percentEncodedPath
        return canonical.string
    }

    /// Whether two recorded endpoints (`nil` for the sandbox) are the same one; runs recorded before endpoints
    /// were canonical compare by their canonical form.
    public static func same(_ first: String?, _ second: String?) -> Bool {
        guard let first, let second else { return first == nil && second == nil }
        let canonical = { (text: String) in (try? APIEndpoint(text).baseURL) ?? text }
        return canonical(first) == canonical(second)
    }

    /// Loopback is `localhost` or an IP literal in 127.0.0.0/8 or `::1`, nothing else: a name such as
    /// `127.0.0.1.nip.io` resolves wherever its owner likes.
    static func isLoopbackHost(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            var canonical = [CChar](repeating: 0, count: 64)
            guard inet_ntop(AF_INET6, &v6, &canonical, socklen_t(canonical.count)) != nil else { return false }
            return String(decoding: canonical.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) == "::1"
        }
        return false
    }

    /// `text` with anything between `://` and `@` and anything from `?` or `#` on replaced by `…`.
    static func redacted(_ text: String) -> String {
        var shown = text
        if let cut = shown.firstIndex(where: { $0 == "?" || $0 == "#" }) { shown = shown[..<cut] + "…" }
        if let at = shown.lastIndex(of: "@") {
            let start = shown.range(of: "://").map(\.upperBound) ?? shown.startIndex
            if start <= at { shown.replaceSubrange(start..<at, with: "…") }
        }
        return shown
    }
}

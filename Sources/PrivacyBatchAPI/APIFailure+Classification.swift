import AsyncHTTPClient
import Foundation
import PrivacyBatchCore

/// The one place where HTTP statuses, GraphQL error classifications and transport errors become an ``APIFailure``.
extension APIFailure {
    /// Classifies an error thrown before any HTTP answer, for a request to `url`.
    ///
    /// Failures that happen before a request can leave — the host does not resolve, refuses the connection,
    /// the connection or TLS handshake does not complete — are ``unreachable(host:cause:)``: the request cannot
    /// have created a task. Anything later (a reset, a read timeout, a connection closed without an answer)
    /// may have been applied and stays ``transient(reason:)``. The transport's error types are recognised by
    /// their shape (`Mirror`), so this target needs no direct dependency on SwiftNIO's posix and TLS modules.
    static func classify(transportError error: any Error, url: String, during what: String) -> APIFailure {
        let host = URL(string: url)?.host ?? url
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout: return .unreachable(host: host, cause: "the connection timed out")
            case .tlsHandshakeTimeout: return .unreachable(host: host, cause: "the TLS handshake timed out")
            default: return .transient(reason: "\(what) (\(String(describing: clientError)))")
            }
        }
        let typeName = String(reflecting: type(of: error))
        if typeName.hasSuffix("NIOConnectionError") {
            return .unreachable(host: host, cause: connectionCause(Mirror(reflecting: error)))
        }
        if typeName.contains("NIOSSL") || typeName.contains("BoringSSL") {
            return .unreachable(host: host, cause: "the TLS handshake failed (\(String(describing: error)))")
        }
        if typeName.hasSuffix("IOError"), String(describing: error).localizedCaseInsensitiveContains("refused") {
            return .unreachable(host: host, cause: "the connection was refused")
        }
        // Timeouts past the request's deadline and every other transport failure: retried, named as they are.
        return .transient(reason: "\(what) (\(PrivacyAPIClient.describe(error)))")
    }

    /// Why a connection could not be made, from the fields of SwiftNIO's `NIOConnectionError`.
    private static func connectionCause(_ mirror: Mirror) -> String {
        let fields = Dictionary(mirror.children.compactMap { child in child.label.map { ($0, child.value) } }) {
            first, _ in first
        }
        if let attempts = fields["connectionErrors"] as? [Any], let first = attempts.first {
            let text = String(describing: first)
            if text.localizedCaseInsensitiveContains("refused") { return "the connection was refused" }
            if text.localizedCaseInsensitiveContains("unreachable") { return "the network is unreachable" }
            return "the connection failed"
        }
        return "the host name does not resolve (DNS lookup failed)"
    }

    /// Classifies an answer that carries GraphQL errors or a non-2xx status.
    ///
    /// Throttling is recognised both as HTTP 429 and as a `ThrottlingError` inside an HTTP 200 answer,
    /// because the public documentation does not say which the API uses.
    static func classify(httpStatus: Int, retryAfter: Double?, errors: [GraphQLErrorPayload]) -> APIFailure {
        let first = errors.first
        let type = first?.extensions?.classification?.type ?? ""
        let errorCode = first?.extensions?.classification?.errorCode ?? 0
        let code = first?.extensions?.classification?.code ?? (type.isEmpty ? "HTTP\(httpStatus)" : type)
        let message = errors.isEmpty ? "HTTP \(httpStatus)" : errors.map(\.message).joined(separator: "; ")

        if httpStatus == 429 || type == "ThrottlingError" || errorCode == 429 {
            return .throttled(retryAfter: retryAfter)
        }
        if httpStatus == 401 || type == "UnauthorizedError" || errorCode == 401 {
            return .authentication(reason: "the API refused the access token (HTTP 401)")
        }
        if httpStatus == 403 || type == "AccessDeniedError" || errorCode == 403 {
            return .authorization(
                reason:
                    "access denied: the credentials need the 'Manage Shopper Privacy Requests' scope and a valid target id (\(message))"
            )
        }
        if httpStatus >= 500 || type == "InternalServerError" || errorCode >= 500 || httpStatus == 408 {
            return .transient(reason: "server error (HTTP \(httpStatus)): \(message)")
        }
        if type == "ConflictError" || errorCode == 409 || httpStatus == 409 {
            return .conflict(code: code, message: message)
        }
        if type == "ResourceNotFoundError" || errorCode == 404 || httpStatus == 404 {
            return .notFound(message: message)
        }
        if errors.isEmpty && !(200..<300).contains(httpStatus) {
            return .rejected(
                code: "HTTP\(httpStatus)", message: "the API answered HTTP \(httpStatus) without an error body")
        }
        return .rejected(code: code, message: message)
    }
}

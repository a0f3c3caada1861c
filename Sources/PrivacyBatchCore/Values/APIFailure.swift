/// Every way a call to the API can fail, classified once so that each caller only decides what to do.
public enum APIFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The API refused this row's input (validation and other input errors). Never retried.
    case rejected(code: String, message: String)
    /// The same client token was used with a different input. Never retried.
    case conflict(code: String, message: String)
    /// The task id is unknown to the API.
    case notFound(message: String)
    /// Too many requests; `retryAfter` is the server's hint in seconds, when it gave one.
    case throttled(retryAfter: Double?)
    /// A failure that may pass: 5xx, an internal error, a reset, a timeout, a dropped connection.
    case transient(reason: String)
    /// The request never reached the API: the host did not resolve, refused the connection, or failed the TLS
    /// handshake. Retried within a run like a transient failure; at the start of a run, a configuration error.
    case unreachable(host: String, cause: String)
    /// The credentials or token were refused even after a refresh. Stops the run.
    case authentication(reason: String)
    /// The credentials lack the privacy scope or the target. Stops the run.
    case authorization(reason: String)

    /// Whether sending the same request again may succeed.
    public var isRetryable: Bool {
        switch self {
        case .throttled, .transient, .unreachable: true
        default: false
        }
    }

    /// Whether the request certainly never reached the API (so it cannot have created a task).
    public var neverReachedAPI: Bool {
        if case .unreachable = self { return true }
        return false
    }

    /// Whether no further request of the run can succeed.
    public var stopsRun: Bool {
        switch self {
        case .authentication, .authorization: true
        default: false
        }
    }

    /// The code recorded in the ledger and reports.
    public var code: String {
        switch self {
        case .rejected(let code, _), .conflict(let code, _): code
        case .notFound: "ResourceNotFound"
        case .throttled: "Throttled"
        case .transient: "Transient"
        case .unreachable: "Unreachable"
        case .authentication: "Unauthenticated"
        case .authorization: "AccessDenied"
        }
    }

    /// The message recorded in the ledger and reports. It never contains a token.
    public var message: String {
        switch self {
        case .rejected(_, let message), .conflict(_, let message), .notFound(let message): message
        case .throttled(let retryAfter): "throttled" + (retryAfter.map { " (retry after \($0) s)" } ?? "")
        case .transient(let reason), .authentication(let reason), .authorization(let reason): reason
        case .unreachable(let host, let cause): "cannot reach \(host): \(cause)"
        }
    }

    /// The code and message.
    public var description: String { "\(code): \(message)" }
}

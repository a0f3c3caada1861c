/// The one place where HTTP statuses and GraphQL error classifications become an ``APIFailure``.
extension APIFailure {
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

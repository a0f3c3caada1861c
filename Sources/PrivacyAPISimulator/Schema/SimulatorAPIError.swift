/// An API error with the seeds' `extensions.classification`; thrown by resolvers and HTTP handlers alike.
///
/// Every classification the simulator can produce is built here, so the contract lives in one place.
struct SimulatorAPIError: Error, Sendable, Equatable {
    var type: String
    var code: String
    var message: String
    var errorType: String
    var errorCode: Int

    static let invalidInputPrefix = "Input request is not valid, the following issues were encountered: "

    /// The seeds' JSON-schema style list, several issues joined by ", " inside one pair of brackets.
    static func invalidInput(_ issues: [String]) -> SimulatorAPIError {
        validation(code: "UnspecifiedError", message: invalidInputPrefix + "[" + issues.joined(separator: ", ") + "]")
    }

    static func emailNotProvided(taskName: String) -> SimulatorAPIError {
        let capitalized = taskName.prefix(1).uppercased() + taskName.dropFirst()
        return validation(
            code: "EmailNotProvidedFor\(capitalized)",
            message: "The dataSubject must have an email specified to initiate a \(taskName)."
        )
    }

    static func cannotCancel(status: String) -> SimulatorAPIError {
        validation(
            code: "CannotCancelPersonalDataDeletionTask",
            message: "The personalDataDeletionTask cannot be cancelled with a status of \(status)."
        )
    }

    static func validation(code: String, message: String) -> SimulatorAPIError {
        SimulatorAPIError(
            type: "ValidationError", code: code, message: message, errorType: "ValidationException", errorCode: 400)
    }

    static let notFound = SimulatorAPIError(
        type: "ResourceNotFoundError", code: "ResourceNotFound",
        message: "Request references a resource which does not exist.",
        errorType: "ResourceNotFoundException", errorCode: 404)

    static let accessDenied = SimulatorAPIError(
        type: "AccessDeniedError", code: "AccessDenied",
        message: "You do not have sufficient access to perform this action.",
        errorType: "AccessDeniedException", errorCode: 403)

    static let conflict = SimulatorAPIError(
        type: "ConflictError", code: "IdempotentParameterMismatch",
        message: "The clientToken was already used with a different input.",
        errorType: "ConflictException", errorCode: 409)

    static let throttled = SimulatorAPIError(
        type: "ThrottlingError", code: "Throttling",
        message:
            "User made too many requests to the Buy with Prime API. Send the request again using exponential backoff.",
        errorType: "ThrottlingException", errorCode: 429)

    static let missingToken = unauthorized("The request has no bearer access token.")
    static let invalidToken = unauthorized("The access token is invalid or expired.")

    static func unauthorized(_ message: String) -> SimulatorAPIError {
        SimulatorAPIError(
            type: "UnauthorizedError", code: "Unauthorized", message: message, errorType: "UnauthorizedException",
            errorCode: 401)
    }

    static let missingTargetID = validation(
        code: "MissingTargetId", message: "The x-api-target-id header is required.")

    static func internalError(status: Int) -> SimulatorAPIError {
        SimulatorAPIError(
            type: "InternalServerError", code: status == 503 ? "ServiceUnavailable" : "InternalServerError",
            message: status == 503
                ? "The service is temporarily unavailable. Send the request again."
                : "An internal error occurred. Send the request again.",
            errorType: "InternalServerException", errorCode: status)
    }

    /// `extensions` exactly as the seeds order it.
    var extensions: JSONValue {
        .object([
            (
                "classification",
                .object([
                    ("type", .string(type)),
                    ("code", .string(code)),
                    ("details", .object([("message", .string(message))])),
                    ("errorType", .string(errorType)),
                    ("errorCode", .int(errorCode)),
                ])
            )
        ])
    }

    /// A whole response body for errors raised before any field ran (auth, throttling, faults).
    var transportBody: JSONValue {
        .object([
            ("errors", .array([.object([("message", .string(message)), ("extensions", extensions)])])),
            ("data", .null),
        ])
    }
}

import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchAPI
@testable import PrivacyBatchCore

@Suite struct APIFailureTests {
    func error(_ type: String, code: String = "UnspecifiedError", errorCode: Int) -> GraphQLErrorPayload {
        GraphQLErrorPayload(
            message: "\(type) happened",
            extensions: .init(classification: .init(type: type, code: code, errorType: nil, errorCode: errorCode))
        )
    }

    @Test func throttlingIsRecognisedInsideHTTP200AndAs429() {
        #expect(APIFailure.classify(httpStatus: 429, retryAfter: 2, errors: []) == .throttled(retryAfter: 2))
        let inside = APIFailure.classify(
            httpStatus: 200, retryAfter: nil, errors: [error("ThrottlingError", errorCode: 429)])
        #expect(inside == .throttled(retryAfter: nil))
        #expect(inside.isRetryable)
    }

    @Test func validationIsARowErrorAndNeverRetried() {
        let failure = APIFailure.classify(
            httpStatus: 200,
            retryAfter: nil,
            errors: [error("ValidationError", code: "EmailNotProvidedForPersonalDataDeletionTask", errorCode: 400)]
        )
        #expect(
            failure
                == .rejected(code: "EmailNotProvidedForPersonalDataDeletionTask", message: "ValidationError happened"))
        #expect(!failure.isRetryable)
        #expect(!failure.stopsRun)
    }

    @Test func serverErrorsAreTransient() {
        #expect(APIFailure.classify(httpStatus: 503, retryAfter: nil, errors: []).isRetryable)
        #expect(
            APIFailure.classify(
                httpStatus: 200, retryAfter: nil, errors: [error("InternalServerError", errorCode: 500)]
            )
            .isRetryable
        )
    }

    @Test func authFailuresStopTheRun() {
        #expect(APIFailure.classify(httpStatus: 401, retryAfter: nil, errors: []).stopsRun)
        #expect(
            APIFailure.classify(httpStatus: 200, retryAfter: nil, errors: [error("AccessDeniedError", errorCode: 403)])
                .stopsRun
        )
    }

    @Test func conflictAndNotFoundAreTheirOwn() {
        let conflict = APIFailure.classify(
            httpStatus: 200, retryAfter: nil, errors: [error("ConflictError", errorCode: 409)])
        #expect(conflict == .conflict(code: "UnspecifiedError", message: "ConflictError happened"))
        let missing = APIFailure.classify(
            httpStatus: 200,
            retryAfter: nil,
            errors: [error("ResourceNotFoundError", errorCode: 404)]
        )
        #expect(missing == .notFound(message: "ResourceNotFoundError happened"))
    }
}

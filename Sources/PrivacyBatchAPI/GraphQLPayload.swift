/// The JSON body of a GraphQL request.
struct GraphQLRequestBody<Variables: Encodable & Sendable>: Encodable, Sendable {
    var query: String
    var variables: Variables
    var operationName: String
}

/// A GraphQL answer: `data` keyed by field name, and `errors`.
///
/// A missing `data` key and `"data": null` mean the same: the field failed.
struct GraphQLResponseBody<Value: Decodable>: Decodable {
    var data: [String: Value?]?
    var errors: [GraphQLErrorPayload]?
}

/// One entry of a GraphQL answer's `errors`, as the API's seed documents show it.
struct GraphQLErrorPayload: Decodable, Sendable, Equatable {
    struct Extensions: Decodable, Sendable, Equatable {
        var classification: Classification?
    }

    struct Classification: Decodable, Sendable, Equatable {
        var type: String?
        var code: String?
        var errorType: String?
        var errorCode: Int?
    }

    var message: String
    var extensions: Extensions?
}

/// The answer of a start mutation.
struct StartedTask: Decodable, Sendable {
    var taskId: String
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import PrivacyBatchCore

/// The five privacy operations of the Buy with Prime API, over one shared HTTP client.
///
/// Every call either returns its value or throws one ``APIFailure``; deciding whether to retry,
/// stop or record is the caller's job.
public struct PrivacyAPIClient: Sendable {
    /// The API this client talks to.
    public let configuration: APIConfiguration
    let httpClient: HTTPClient
    private let tokens: AccessTokenProvider

    /// Creates a client; `httpClient` is owned by the caller, which shuts it down.
    public init(configuration: APIConfiguration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.tokens = AccessTokenProvider(
            credentials: configuration.credentials,
            tokenURL: configuration.endpoint.tokenURL,
            httpClient: httpClient
        )
    }

    /// Fetches a token now, so that bad credentials stop a command before its first real request.
    public func checkCredentials() async throws(APIFailure) {
        _ = try await tokens.token()
    }

    /// Starts a deletion or retrieval task for one request, idempotently under `clientToken`.
    public func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String {
        let dataSubject = DataSubjectInput(type: "SHOPPER", email: request.email)
        let started: StartedTask
        switch request.type {
        case .deletion:
            let input = DeletionInput(
                dataSubject: dataSubject,
                holdingPeriod: request.holdingPeriod,
                reason: request.reason,
                clientToken: .init(token: clientToken)
            )
            started = try await perform(
                GraphQLDocument.startDeletion,
                operation: "StartPersonalDataDeletionTask",
                field: "startPersonalDataDeletionTask",
                variables: ["input": input]
            )
        case .retrieval:
            let input = RetrievalInput(dataSubject: dataSubject, clientToken: .init(token: clientToken))
            started = try await perform(
                GraphQLDocument.startRetrieval,
                operation: "StartPersonalDataRetrievalTask",
                field: "startPersonalDataRetrievalTask",
                variables: ["input": input]
            )
        }
        return started.taskId
    }

    /// Queries a task's status, errors and, for a completed retrieval, a fresh download link.
    public func task(_ taskId: String, type: RequestType) async throws(APIFailure) -> TaskSnapshot {
        switch type {
        case .deletion:
            try await perform(
                GraphQLDocument.deletionTask,
                operation: "PersonalDataDeletionTask",
                field: "personalDataDeletionTask",
                variables: ["taskId": taskId]
            )
        case .retrieval:
            try await perform(
                GraphQLDocument.retrievalTask,
                operation: "PersonalDataRetrievalTask",
                field: "personalDataRetrievalTask",
                variables: ["taskId": taskId]
            )
        }
    }

    /// Cancels a deletion task within its holding period; returns the task as the API now shows it.
    public func cancelDeletion(_ taskId: String) async throws(APIFailure) -> TaskSnapshot {
        try await perform(
            GraphQLDocument.cancelDeletion,
            operation: "CancelPersonalDataDeletionTask",
            field: "cancelPersonalDataDeletionTask",
            variables: ["taskId": taskId]
        )
    }

    private func perform<Variables: Encodable & Sendable, Value: Decodable>(
        _ document: String,
        operation: String,
        field: String,
        variables: Variables
    ) async throws(APIFailure) -> Value {
        let body: ByteBuffer
        do {
            let payload = GraphQLRequestBody(query: document, variables: variables, operationName: operation)
            body = ByteBuffer(data: try JSONEncoder().encode(payload))
        } catch {
            throw .rejected(code: "ENCODING", message: "could not encode the request")
        }
        var token = try await tokens.token()
        var refreshedOnce = false
        while true {
            let started = ContinuousClock.now
            let (status, retryAfter, data): (Int, Double?, ByteBuffer)
            do {
                (status, retryAfter, data) = try await send(body, token: token)
            } catch {
                RequestLog.record(
                    operation: operation, status: nil, milliseconds: Self.milliseconds(since: started),
                    outcome: error.code)
                throw error
            }
            RequestLog.record(
                operation: operation, status: status, milliseconds: Self.milliseconds(since: started),
                outcome: (200..<300).contains(status) ? "answered" : "refused")
            if status == 401 && !refreshedOnce {
                refreshedOnce = true
                token = try await tokens.replace(rejected: token)
                continue
            }
            let decoded: GraphQLResponseBody<Value>
            do {
                decoded = try JSONDecoder().decode(GraphQLResponseBody<Value>.self, from: data)
            } catch {
                throw APIFailure.classify(httpStatus: status == 200 ? 502 : status, retryAfter: retryAfter, errors: [])
            }
            if let value = decoded.data?[field] ?? nil, decoded.errors?.isEmpty ?? true, (200..<300).contains(status) {
                return value
            }
            throw APIFailure.classify(httpStatus: status, retryAfter: retryAfter, errors: decoded.errors ?? [])
        }
    }

    private func send(_ body: ByteBuffer, token: String) async throws(APIFailure) -> (Int, Double?, ByteBuffer) {
        var request = HTTPClientRequest(url: configuration.endpoint.graphqlURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "x-api-target-id", value: configuration.targetID)
        request.headers.add(name: "x-api-version", value: configuration.apiVersion)
        request.body = .bytes(body)
        let limit = configuration.requestTimeout
        do {
            return try await RequestDeadline.run(limit, timers: httpClient.eventLoopGroup) { [httpClient, request] in
                let response = try await httpClient.execute(request, timeout: RequestDeadline.timeAmount(limit))
                let data = try await response.body.collect(upTo: 4 << 20)
                let retryAfter = response.headers.first(name: "Retry-After").flatMap { Double($0) }
                return (Int(response.status.code), retryAfter, data)
            }
        } catch {
            // Resets, timeouts and connections closed without an answer: the request may or may not
            // have been applied, which is why every start mutation carries a client token.
            throw APIFailure.classify(
                transportError: error, url: configuration.endpoint.graphqlURL, during: "no answer from the API")
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    static func describe(_ error: any Error) -> String {
        if let clientError = error as? HTTPClientError { return String(describing: clientError) }
        if let exceeded = error as? RequestDeadline.Exceeded { return exceeded.description }
        return String(describing: type(of: error))
    }
}

private struct DataSubjectInput: Encodable, Sendable {
    var type: String
    var email: String
}

private struct ClientTokenInput: Encodable, Sendable {
    var token: String
}

private struct DeletionInput: Encodable, Sendable {
    var dataSubject: DataSubjectInput
    var holdingPeriod: Int?
    var reason: String?
    var clientToken: ClientTokenInput
}

private struct RetrievalInput: Encodable, Sendable {
    var dataSubject: DataSubjectInput
    var clientToken: ClientTokenInput
}

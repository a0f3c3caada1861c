import Foundation
import GraphQL
import Hummingbird

extension SimulatorResponder {
    /// The body of `POST /graphql`.
    private struct GraphQLBody: Decodable {
        var query: String?
        var variables: [String: Map]?
        var operationName: String?
    }

    /// Transport checks (auth, target, throttling, faults) answer with their HTTP status; everything the
    /// engine or a resolver reports is HTTP 200 with `errors`, as the seeds show.
    func graphQL(_ request: Request, context: Context) async throws -> Response {
        await services.configuration.requestGate?.pass()
        if let delay = services.faults.latencyMilliseconds(), delay > 0 {
            try await Task.sleep(for: .milliseconds(delay))
        }
        let grant: AccessGrant
        switch authenticate(request) {
        case .success(let found): grant = found
        case .failure(let error):
            return Self.json(error.transportBody, status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
        }
        let target = request.headers.first { $0.name.canonicalName == "x-api-target-id" }?.value
        guard let target, !target.isEmpty else {
            return Self.json(SimulatorAPIError.missingTargetID.transportBody, status: .badRequest)
        }
        guard target == services.configuration.credentials.targetID else {
            return Self.json(SimulatorAPIError.accessDenied.transportBody, status: .forbidden)
        }
        if let limiter = services.limiter,
            let retryAfter = limiter.admit(clientID: grant.clientID, now: services.clock.now())
        {
            return Self.json(
                SimulatorAPIError.throttled.transportBody, status: .tooManyRequests,
                headers: [.retryAfter: String(retryAfter)])
        }
        let decision = services.faults.decide()
        switch decision {
        case .fault(let status):
            return Self.json(
                SimulatorAPIError.internalError(status: status).transportBody,
                status: status == 503 ? .serviceUnavailable : .internalServerError)
        case .dropBefore:
            await context.closeConnection()
            return Response(status: .internalServerError)
        case .none, .dropAfter:
            break
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        guard let body = try? JSONDecoder().decode(GraphQLBody.self, from: Data(buffer: buffer)),
            let query = body.query
        else {
            let error = JSONValue.object([
                ("errors", .array([.object([("message", .string("Must provide a JSON body with a query string."))])]))
            ])
            return Self.json(error, status: .badRequest)
        }
        if let problem = queryLimits.problem(with: query) {
            let error = JSONValue.object([("errors", .array([.object([("message", .string(problem))])]))])
            return Self.json(error, status: .badRequest)
        }
        let authority = request.head.authority ?? "\(services.configuration.host):\(context.localPort ?? 0)"
        let graphQLContext = SimulatorContext(services: services, grant: grant, linkBase: "http://\(authority)")
        let answer: JSONValue
        do {
            let result: GraphQLResult
            if let document = documents.document(for: query, schema: api.schema.schema) {
                result = try await GraphQL.execute(
                    schema: api.schema.schema, documentAST: document, rootValue: api.resolver,
                    context: graphQLContext, variableValues: body.variables ?? [:],
                    operationName: body.operationName)
            } else {
                // Not valid: the engine's own path produces its own errors.
                result = try await api.execute(
                    request: query, context: graphQLContext, variables: body.variables ?? [:],
                    operationName: body.operationName)
            }
            answer = GraphQLResponseBuilder.body(for: result)
        } catch let error as GraphQLError {
            answer = GraphQLResponseBuilder.body(for: error)
        }
        if decision == .dropAfter {
            // The request took effect; the client never learns it. This is what makes clientToken matter.
            await context.closeConnection()
            return Response(status: .internalServerError)
        }
        return Self.json(answer)
    }

    func authenticate(_ request: Request) -> Result<AccessGrant, SimulatorAPIError> {
        guard let header = request.headers[.authorization] else { return .failure(.missingToken) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .failure(.missingToken) }
        guard let grant = services.tokens.grant(for: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            return .failure(.invalidToken)
        }
        return .success(grant)
    }
}

import Foundation
import Hummingbird

/// Routes the simulator's few endpoints; a plain switch keeps the hot path short.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    let services: SimulatorServices
    let api: SimulatorSchema
    let documents = ValidatedDocumentCache()

    let queryLimits = QueryLimits()

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        do {
            switch (request.method, path) {
            case (.post, "/graphql"): return try await graphQL(request, context: context)
            case (.post, "/token"): return try await token(request)
            case (.get, "/_simulator/tasks"): return await inspection(request)
            case (.get, _) where path.hasPrefix("/downloads/"): return await download(request)
            default:
                return Self.json(.object([("message", .string("Not Found"))]), status: .notFound)
            }
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            // A body over the limit is the client's mistake: say so, rather than a bare 500.
            return Self.json(
                .object([("message", .string("Request body too large."))]), status: .contentTooLarge,
                headers: [.connection: "close"])
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }
}

import AsyncHTTPClient
import Foundation
import Hummingbird
import PrivacyAPISimulator
import Testing

/// A parsed JSON document, compared structurally (key order and number spelling aside).
enum JSON: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    static func parse(_ text: String) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    subscript(index: Int) -> JSON? {
        if case .array(let values) = self, values.indices.contains(index) { return values[index] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var array: [JSON]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// Replaces the value at a key path, e.g. to blank out a generated task id before comparing.
    func replacing(_ path: [String], with value: JSON) -> JSON {
        guard let first = path.first, case .object(var members) = self else { return self }
        members[first] =
            path.count == 1 ? value : (members[first] ?? .null).replacing(Array(path.dropFirst()), with: value)
        return .object(members)
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }
}

/// An HTTP answer as the tests see it.
struct HTTPAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> JSON { try JSON.parse(text) }
}

/// A running simulator plus the helpers the tests share.
struct SimulatorHarness: Sendable {
    let baseURL: String
    let credentials: SimulatorCredentials
    /// The running simulator, for what only it can tell (``PrivacyAPISimulator/sweepEventsNow()``).
    var simulator: PrivacyAPISimulator? = nil

    static let client = HTTPClient.shared

    func send(
        _ method: HTTPVerb, _ path: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> HTTPAnswer {
        try await send(method, url: baseURL + path, headers: headers, body: body)
    }

    func send(
        _ method: HTTPVerb, url: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = method == .GET ? .GET : .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await Self.client.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 16 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return HTTPAnswer(
            status: Int(response.status.code), headers: headers,
            body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// Gets an access token; the default client id carries the privacy scope.
    func token(clientID: String? = nil) async throws -> String {
        let form =
            "grant_type=client_credentials&client_id=\(clientID ?? credentials.clientID)"
            + "&client_secret=\(credentials.clientSecret)"
        let answer = try await send(
            .POST, "/token", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form)
        guard answer.status == 200, let token = try answer.json()["access_token"]?.string else {
            throw FixtureError.noToken(answer.text)
        }
        return token
    }

    /// Posts a GraphQL document with the usual headers; `token` nil fetches a fresh scoped token.
    func graphQL(
        _ query: String, variables: String? = nil, operationName: String? = nil, token: String? = nil,
        targetID: String? = nil, extraHeaders: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        let bearer: String
        if let token { bearer = token } else { bearer = try await self.token() }
        var body = "{\"query\":" + Self.quote(query)
        if let variables { body += ",\"variables\":" + variables }
        if let operationName { body += ",\"operationName\":" + Self.quote(operationName) }
        body += "}"
        return try await send(
            .POST, "/graphql",
            headers: [
                ("Content-Type", "application/json"), ("Authorization", "Bearer \(bearer)"),
                ("x-api-target-id", targetID ?? credentials.targetID), ("x-api-version", "2024-11-01"),
            ] + extraHeaders, body: body)
    }

    func startDeletion(
        email: String, holdingPeriod: Int? = nil, clientToken: String? = nil, token: String? = nil
    )
        async throws -> String
    {
        var fields = ["dataSubject: {type: SHOPPER, email: \(Self.quote(email))}"]
        if let holdingPeriod { fields.append("holdingPeriod: \(holdingPeriod)") }
        if let clientToken { fields.append("clientToken: {token: \(Self.quote(clientToken))}") }
        let answer = try await graphQL(
            "mutation { startPersonalDataDeletionTask(input: {\(fields.joined(separator: ", "))}) { taskId } }",
            token: token)
        guard let taskID = try answer.json()["data"]?["startPersonalDataDeletionTask"]?["taskId"]?.string else {
            throw FixtureError.unexpected(answer.text)
        }
        return taskID
    }

    func startRetrieval(email: String, clientToken: String? = nil, token: String? = nil) async throws -> String {
        var fields = ["dataSubject: {type: SHOPPER, email: \(Self.quote(email))}"]
        if let clientToken { fields.append("clientToken: {token: \(Self.quote(clientToken))}") }
        let answer = try await graphQL(
            "mutation { startPersonalDataRetrievalTask(input: {\(fields.joined(separator: ", "))}) { taskId } }",
            token: token)
        guard let taskID = try answer.json()["data"]?["startPersonalDataRetrievalTask"]?["taskId"]?.string else {
            throw FixtureError.unexpected(answer.text)
        }
        return taskID
    }

    /// The deletion task as `personalDataDeletionTask` returns it.
    func deletion(_ taskID: String, token: String? = nil) async throws -> JSON {
        let answer = try await graphQL(
            """
            query { personalDataDeletionTask(taskId: \(Self.quote(taskID))) {
              taskId status submissionDate lastUpdatedDate holdingPeriod dataSubject { type email } errors { code message } } }
            """, token: token)
        return try answer.json()
    }

    func retrieval(_ taskID: String, token: String? = nil) async throws -> JSON {
        let answer = try await graphQL(
            """
            query { personalDataRetrievalTask(taskId: \(Self.quote(taskID))) {
              taskId status submissionDate lastUpdatedDate dataRetrievalLink dataSubject { type email } errors { code message } } }
            """, token: token)
        return try answer.json()
    }

    func inspectTasks() async throws -> [JSON] {
        try await send(.GET, "/_simulator/tasks", headers: [("Authorization", "Bearer \(try await token())")]).json()[
            "tasks"]?.array ?? []
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The two methods the tests use.
enum HTTPVerb: Sendable {
    case GET
    case POST
}

enum FixtureError: Error {
    case noToken(String)
    case unexpected(String)
}

/// Starts a simulator on 127.0.0.1 with an ephemeral port, runs `body`, and shuts it down.
@discardableResult
func withSimulator<T: Sendable>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: @Sendable (SimulatorHarness) async throws -> T
) async throws -> T {
    var configuration = SimulatorConfiguration()
    configure(&configuration)
    let simulator = try PrivacyAPISimulator(configuration: configuration)
    let credentials = configuration.credentials
    return try await simulator.withRunning { baseURL in
        try await body(SimulatorHarness(baseURL: baseURL, credentials: credentials, simulator: simulator))
    }
}

/// A fresh temporary path for state, events or shopper files.
func temporaryPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "sim-tests-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

/// A 36-character client token made from a label, so tests read well.
func clientToken(_ label: String) -> String {
    let base = label + "-" + String(repeating: "0", count: 36)
    return String(base.prefix(max(36, label.count)))
}

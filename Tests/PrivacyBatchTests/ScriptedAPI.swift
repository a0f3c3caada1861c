import Foundation

@testable import PrivacyBatch
@testable import PrivacyBatchAPI
@testable import PrivacyBatchCore

/// A stand-in API whose answers each test scripts, counting what it was sent.
final class ScriptedAPI: TaskStarting, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [String: [Result<String, APIFailure>]]
    private(set) var calls: [(email: String, token: String)] = []

    init(_ script: [String: [Result<String, APIFailure>]] = [:]) {
        self.script = script
    }

    func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String {
        let next: Result<String, APIFailure> = lock.withLock {
            calls.append((request.email, clientToken))
            if var answers = script[request.email], !answers.isEmpty {
                let answer = answers.removeFirst()
                script[request.email] = answers
                return answer
            }
            return .success("task-\(clientToken.prefix(8))")
        }
        return try next.get()
    }

    var callCount: Int { lock.withLock { calls.count } }
}

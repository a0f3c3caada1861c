import Foundation
import TestSupport

@testable import PrivacyBatch

/// Builders shared by this target's tests.
enum Fixtures {
    static let digest = String(repeating: "0f", count: 32)

    static func valid(
        _ row: Int, _ email: String, _ type: RequestType = .deletion, holdingPeriod: Int? = 10
    ) -> InputRow {
        InputRow(
            row: row,
            line: row + 1,
            values: [email, type.rawValue],
            verdict: .valid(
                PrivacyRequest(
                    type: type,
                    email: email,
                    holdingPeriod: type == .deletion ? holdingPeriod : nil,
                    reason: nil
                )
            )
        )
    }

    static func invalid(_ row: Int, _ code: RowErrorCode, values: [String] = ["bad", "deletion"]) -> InputRow {
        InputRow(row: row, line: row + 1, values: values, verdict: .invalid(RowProblem(code: code, message: "problem")))
    }

    /// A ledger with a run over a two-column input (`email,request_type`).
    static func ledger(in directory: TemporaryDirectory, rows: [InputRow], complete: Bool = true) async throws -> Ledger
    {
        let ledger = try Ledger(path: directory.file("ledger.sqlite"))
        try ledger.create(
            RunRecord(
                name: "test",
                inputPath: "input.csv",
                inputSHA256: digest,
                header: ["email", "request_type"],
                defaults: .init(),
                endpoint: nil,
                createdAt: "2026-11-22T00:00:00.000Z"
            )
        )
        try await ledger.ingest(rows, inputSHA256: digest, complete: complete)
        return ledger
    }
}

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

import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// A run whose rows stand in every place minimisation tells apart, for the tests of the rule, the minimiser and
/// the masking: one row per ``Situation``, built through the ledger's own writes as a run and its follow-ups would.
public struct MinimisationFixture: Sendable {
    /// What one row of the fixture stands for; its raw value is its row number.
    public enum Situation: Int, CaseIterable, Sendable {
        case pending = 1
        case submitting
        case error
        case invalid
        case rejected
        case duplicate
        case alreadyRequested
        case completedDeletion
        case cancelled
        case handedOverRetrieval
        case retrievalNotHandedOver
        case failedRetrieval
        case ordersNotClosed
        case ordersNotClosedGivenUp
        case otherFailure
        case open
        case notFound
    }

    /// The run's folder under the fixture's reports folder.
    public let folder: RunFolder
    /// Its ledger.
    public let ledger: Ledger
    /// The run as recorded.
    public let record: RunRecord

    /// The email of `situation`'s row: distinct, so every row's bytes can be looked for.
    public static func email(_ situation: Situation) -> String { "shopper.\(situation)@example.com" }

    /// The ticket cell of `situation`'s row (a column a run may keep).
    public static func ticket(_ situation: Situation) -> String { "T-\(situation.rawValue)" }

    /// The header of the fixture's input.
    public static let header = ["email", "request_type", "ticket"]

    /// Builds the run `name` under `reports`, its rows in every situation; `keptColumns` as `--keep-column` gave
    /// them (the request type, column 1, is always kept). The duplicate and the row already requested share the
    /// open deletion's shopper (their holder, still in use); the retrievals have archives in the run's `data/` folder.
    public static func make(
        reports: String, name: String = "standings", keptColumns: [Int] = [1]
    ) async throws
        -> MinimisationFixture
    {
        let folder = RunFolder(reports: reports, name: name)
        try SecureFile.createDirectory(reports)
        try folder.create()
        try SecureFile.createDirectory(folder.archives)
        let ledger = try Ledger(path: folder.ledger)
        var record = RunRecord(
            name: name, inputPath: "input.csv", inputSHA256: LedgerFixtures.digest, header: header,
            defaults: .init(), endpoint: nil, createdAt: Timestamp.now())
        record.emailColumn = 0
        record.keptColumns = keptColumns
        record.recordKeyId = RecordKey.testing.id
        try await ledger.create(record)

        func input(_ situation: Situation) -> InputRow {
            let row = situation.rawValue
            switch situation {
            case .invalid:
                return InputRow(
                    row: row, line: row + 1, values: [email(situation), "erase", ticket(situation)],
                    verdict: .invalid(
                        RowProblem(code: .requestTypeUnknown, message: "request_type 'erase' is not known")))
            case .duplicate:
                let holder = email(.open)
                return InputRow(
                    row: row, line: row + 1, values: [holder, "deletion", ticket(situation)],
                    verdict: .invalid(RowProblem(code: .duplicate, message: "same request as row 16")))
            default:
                let retrieval = [.handedOverRetrieval, .retrievalNotHandedOver, .failedRetrieval].contains(situation)
                let type: RequestType = retrieval ? .retrieval : .deletion
                let address = situation == .alreadyRequested ? email(.open) : email(situation)
                return InputRow(
                    row: row, line: row + 1, values: [address, type.rawValue, ticket(situation)],
                    verdict: .valid(
                        PrivacyRequest(type: type, email: address, holdingPeriod: retrieval ? nil : 10)))
            }
        }
        // The row to send stays PENDING; every other valid row is stored as about to be sent.
        try await ledger.ingest(
            [input(.pending)], scope: .sandbox, complete: false, recordKey: .testing)
        let earlier = EarlierRequest(
            run: "earlier", row: 3, taskId: "task-earlier", status: "COMPLETED")
        try await ledger.ingest(
            Situation.allCases.dropFirst().map(input), scope: .sandbox, complete: true, validState: .submitting,
            claims: [Situation.alreadyRequested.rawValue: .alreadyRequested(earlier)], recordKey: .testing)

        let accepted: [Situation] = [
            .completedDeletion, .cancelled, .handedOverRetrieval, .retrievalNotHandedOver, .failedRetrieval,
            .ordersNotClosed, .ordersNotClosedGivenUp, .otherFailure, .open, .notFound,
        ]
        try await ledger.record(
            accepted.map { SubmissionAnswer(row: $0.rawValue, attempts: 1, result: .accepted(taskId: "task-\($0)")) }
                + [
                    SubmissionAnswer(
                        row: Situation.rejected.rawValue, attempts: 1,
                        result: .rejected(
                            .rejected(code: "ValidationError", message: "email \(email(.rejected)) is not valid"))),
                    SubmissionAnswer(
                        row: Situation.error.rawValue, attempts: 3,
                        result: .gaveUp(.transient(reason: "502 from the API"))),
                ])
        func snapshot(_ situation: Situation, _ status: String, error code: String? = nil) -> (Int, TaskSnapshot) {
            let errors = code.map {
                [TaskSnapshot.TaskError(code: $0, message: "task for \(email(situation)) failed: \($0)")]
            }
            return (situation.rawValue, TaskSnapshot(taskId: "task-\(situation)", status: status, errors: errors))
        }
        // Given up first, alone: giving up takes every open-order failure submitted by then.
        try await ledger.recordSnapshots([snapshot(.ordersNotClosedGivenUp, "FAILED", error: "ORDERS_NOT_CLOSED")])
        _ = try await ledger.giveUpOpenOrderFailures(submittedBy: "9999-12-31T00:00:00.000Z")
        try await ledger.recordSnapshots([
            snapshot(.completedDeletion, "COMPLETED"), snapshot(.cancelled, "CANCELLED"),
            snapshot(.handedOverRetrieval, "COMPLETED"), snapshot(.retrievalNotHandedOver, "COMPLETED"),
            snapshot(.failedRetrieval, "FAILED", error: "INTERNAL_ERROR"),
            snapshot(.ordersNotClosed, "FAILED", error: "ORDERS_NOT_CLOSED"),
            snapshot(.otherFailure, "FAILED", error: "SHOPPER_NOT_FOUND"), snapshot(.open, "ON_HOLD"),
            snapshot(.notFound, "IN_PROGRESS"),
        ])
        try await ledger.recordRefusal(row: Situation.notFound.rawValue, failure: .notFound(message: "no such task"))
        for situation in [Situation.handedOverRetrieval, .retrievalNotHandedOver] {
            let path = folder.archives + "/row-\(situation.rawValue).zip"
            _ = FileManager.default.createFile(atPath: path, contents: Data("PK \(email(situation))".utf8))
            try await ledger.recordArchive(row: situation.rawValue, path: path, size: 3, sha256: LedgerFixtures.digest)
        }
        _ = try await ledger.markHandedOver(rows: [Situation.handedOverRetrieval.rawValue])
        return MinimisationFixture(folder: folder, ledger: ledger, record: try await ledger.run() ?? record)
    }

    /// The row of `situation` as the ledger holds it now.
    public func row(_ situation: Situation) async throws -> LedgerRow {
        guard let found = try await ledger.allRows().first(where: { $0.row == situation.rawValue }) else {
            throw ConfigurationError("row \(situation.rawValue) is missing")
        }
        return found
    }
}

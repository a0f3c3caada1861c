import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// A sandbox run of N rows as `privacy-batch run` and a few follow-ups leave it, written straight into the
/// ledger and the sandbox simulator's state file (a real million-row run takes far longer than the bench).
///
/// Every tenth row is a retrieval, the rest deletions, each with a task in both files. Rows `≡ 1 (mod 50)`
/// are deletions still `ON_HOLD` (180-day hold: `cancel` has work); rows `≡ 0 (mod 200)` are completed
/// retrievals without their archive (`download` has work); every 97th deletion failed with
/// `ORDERS_NOT_CLOSED`; everything else is final. Timestamps put the final tasks far in the past.
struct ScaleState {
    let reports: String
    let rows: Int
    let run: String
    /// Added to every row number in task ids and emails, so several runs can share one sandbox.
    let base: Int

    init(reports: String, rows: Int, run: String = "scale", base: Int = 0) {
        self.reports = reports
        self.rows = rows
        self.run = run
        self.base = base
    }

    var folder: RunFolder { RunFolder(reports: reports, name: run) }
    var sandbox: String { (reports as NSString).appendingPathComponent(".sandbox") }

    static func isOpen(_ row: Int) -> Bool { row % 50 == 1 }
    static func isRetrieval(_ row: Int) -> Bool { row % 10 == 0 }
    static func lacksArchive(_ row: Int) -> Bool { row % 200 == 0 }
    func taskId(_ row: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", base + row) }

    /// Writes the ledger, the simulator's state and the files the commands are given, each through its own
    /// module's interface: the ledger's as a run would, the simulator's through its seed.
    func create() async throws {
        try SecureFile.createDirectory(reports)
        try SecureFile.createDirectory(sandbox)
        try folder.create()
        try SecureFile.createDirectory(folder.archives)
        let now = Date()
        let longAgo = now.addingTimeInterval(-86_400)
        let tokens = try await writeLedger(createdAt: Self.timestamp(longAgo))

        var configuration = SimulatorConfiguration()
        configuration.stateFile = (sandbox as NSString).appendingPathComponent("simulator.sqlite")
        configuration.eventsFile = (sandbox as NSString).appendingPathComponent("events.jsonl")
        // Creates the state file's schema and records the sandbox's timing, as the first command would.
        _ = try PrivacyAPISimulator(configuration: configuration)
        let seed = try SimulatorStateSeed(configuration: configuration)
        try seed.write(
            (1...rows).map { row in
                SimulatorStateSeed.Task(
                    taskID: taskId(row), isRetrieval: Self.isRetrieval(row), email: email(row),
                    holdingPeriod: Self.holdingPeriod(row), clientToken: tokens[row - 1],
                    submittedAt: Self.isOpen(row) ? now : longAgo, ordersNotClosed: Self.ordersNotClosed(row),
                    eventEmitted: !Self.isOpen(row))
            })
        try writeSelectors()
        // At a million rows writing takes longer than the open deletions' 180-second hold (a sandbox day is a
        // second), and `cancel` must find them on hold.
        try seed.restartOpenTasks(now: Date())
    }

    func email(_ row: Int) -> String { "shopper.\(base + row)@example.com" }
    static func holdingPeriod(_ row: Int) -> Int? { isRetrieval(row) ? nil : (isOpen(row) ? 180 : row % 30) }
    static func ordersNotClosed(_ row: Int) -> Bool { !isRetrieval(row) && !isOpen(row) && row % 97 == 0 }

    /// The one file every downloaded row's `archivePath` names: a download only checks that the file exists,
    /// and a million files of their own would cost the bench minutes and gigabytes, not the commands memory.
    var sharedArchive: String { folder.archives + "/downloaded.zip" }

    /// Stores every row, its accepted task, the task's status and the archives, 50,000 rows to a transaction of
    /// each kind; returns each row's client token.
    private func writeLedger(createdAt: String) async throws -> [String] {
        _ = FileManager.default.createFile(atPath: sharedArchive, contents: Data("PK".utf8))
        let digest = String(repeating: "0", count: 64)
        let ledger = try Ledger(path: folder.ledger)
        try await ledger.create(
            RunRecord(
                name: run, inputPath: reports + "/scale.csv", inputSHA256: digest,
                header: ["email", "request_type", "holding_period", "ticket_id"],
                defaults: ValidationDefaults(type: nil, holdingPeriod: nil, reason: nil), endpoint: nil,
                createdAt: createdAt))
        var tokens: [String] = []
        tokens.reserveCapacity(rows)
        for start in stride(from: 1, through: rows, by: 50_000) {
            let numbers = start..<min(start + 50_000, rows + 1)
            let inputs = numbers.map { row in
                let type: RequestType = Self.isRetrieval(row) ? .retrieval : .deletion
                let holding = Self.holdingPeriod(row)
                return InputRow(
                    row: row, line: row + 1,
                    values: [email(row), type.rawValue, holding.map(String.init) ?? "", "T\(row)"],
                    verdict: .valid(PrivacyRequest(type: type, email: email(row), holdingPeriod: holding)))
            }
            let sent = try await ledger.ingest(
                inputs, scope: .sandbox, complete: numbers.upperBound > rows, validState: .submitting)
            tokens += sent.map(\.clientToken)
            try await ledger.record(
                numbers.map { SubmissionAnswer(row: $0, attempts: 1, result: .accepted(taskId: taskId($0))) })
            try await ledger.recordSnapshots(
                numbers.map { row in
                    let failed = Self.ordersNotClosed(row)
                    let status = Self.isOpen(row) ? "ON_HOLD" : failed ? "FAILED" : "COMPLETED"
                    let errors =
                        failed
                        ? [
                            TaskSnapshot.TaskError(
                                code: "ORDERS_NOT_CLOSED", message: "The shopper has one or more unclosed orders.")
                        ]
                        : nil
                    return (row, TaskSnapshot(taskId: taskId(row), status: status, errors: errors))
                })
            try await ledger.recordArchives(
                numbers.filter { Self.isRetrieval($0) && !Self.lacksArchive($0) }.map {
                    ($0, sharedArchive, 200, digest)
                })
        }
        try await ledger.checkpoint()
        return tokens
    }

    /// `cancel --rows` names every other open deletion by task id; the events file names rows `≡ 1 (mod 100)`.
    private func writeSelectors() throws {
        var selector = "task_id\n"
        var events = ""
        for row in stride(from: 1, through: rows, by: 100) {
            selector += taskId(row) + "\n"
            events +=
                "{\"detail-type\":\"PERSONAL_DATA_DELETION_TASK_COMPLETED\",\"resources\":[\"businessProduct/x/personalDataDeletionTask/\(taskId(row))\"]}\n"
        }
        try selector.write(toFile: selectorFile, atomically: true, encoding: .utf8)
        try events.write(toFile: eventsFile, atomically: true, encoding: .utf8)
    }

    /// A timestamp as the ledger writes them (ISO-8601 UTC with milliseconds).
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true))
    }

    var selectorFile: String { reports + "/cancel-rows.csv" }
    var eventsFile: String { reports + "/events.jsonl" }
}

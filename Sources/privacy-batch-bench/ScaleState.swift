import Foundation
import GRDB
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
    let run = "scale"
    let rows: Int

    var folder: RunFolder { RunFolder(reports: reports, name: run) }
    var sandbox: String { (reports as NSString).appendingPathComponent(".sandbox") }

    static func isOpen(_ row: Int) -> Bool { row % 50 == 1 }
    static func isRetrieval(_ row: Int) -> Bool { row % 10 == 0 }
    static func lacksArchive(_ row: Int) -> Bool { row % 200 == 0 }
    static func taskId(_ row: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", row) }

    /// Writes the ledger, the simulator's state and the files the commands are given.
    func create() async throws {
        try SecureFile.createDirectory(reports)
        try SecureFile.createDirectory(sandbox)
        try folder.create()
        try SecureFile.createDirectory(folder.archives)
        let digest = String(repeating: "0", count: 64)
        let now = Date()
        let longAgo = now.addingTimeInterval(-86_400)
        let ledger = try Ledger(path: folder.ledger)
        try await ledger.create(
            RunRecord(
                name: run, inputPath: reports + "/scale.csv", inputSHA256: digest,
                header: ["email", "request_type", "holding_period", "ticket_id"],
                defaults: ValidationDefaults(type: nil, holdingPeriod: nil, reason: nil), endpoint: nil,
                createdAt: Self.timestamp(longAgo)))
        try writeLedger(digest: digest, now: now, longAgo: longAgo)

        var configuration = SimulatorConfiguration()
        configuration.stateFile = (sandbox as NSString).appendingPathComponent("simulator.sqlite")
        configuration.eventsFile = (sandbox as NSString).appendingPathComponent("events.jsonl")
        // Creates the state file's schema and records the sandbox's timing, as the first command would.
        _ = try PrivacyAPISimulator(configuration: configuration)
        try writeSimulator(path: configuration.stateFile ?? "", now: now, longAgo: longAgo, timing: configuration)
        try writeSelectors()
        try restartHolds(statePath: configuration.stateFile ?? "", timing: configuration)
    }

    /// Moves the open deletions' submission to now, once writing is done: at a million rows writing takes
    /// longer than their 180-second hold (a sandbox day is a second), and `cancel` must find them on hold.
    private func restartHolds(statePath: String, timing: SimulatorConfiguration) throws {
        let now = Date()
        let hold = (180 + timing.processingDays) * timing.daySeconds
        try DatabasePool(path: statePath).write { db in
            try db.execute(
                sql: "UPDATE task SET submittedAt = ?, terminalAt = ? WHERE eventEmitted = 0",
                arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970 + hold])
        }
        try DatabaseQueue(path: folder.ledger).write { db in
            try db.execute(
                sql: "UPDATE row SET submittedAt = ? WHERE taskStatus = 'ON_HOLD'", arguments: [Self.timestamp(now)])
        }
    }

    /// The one file every downloaded row's `archivePath` names: a download only checks that the file exists,
    /// and a million files of their own would cost the bench minutes and gigabytes, not the commands memory.
    var sharedArchive: String { folder.archives + "/downloaded.zip" }

    private func writeLedger(digest: String, now: Date, longAgo: Date) throws {
        _ = FileManager.default.createFile(atPath: sharedArchive, contents: Data("PK".utf8))
        let queue = try DatabaseQueue(path: folder.ledger)
        let submitted = Self.timestamp(longAgo)
        let recent = Self.timestamp(now)
        for start in stride(from: 1, through: rows, by: 50_000) {
            try queue.write { db in
                let statement = try db.makeStatement(
                    sql: """
                        INSERT INTO row (row, line, type, email, holdingPeriod, reason, cells, state, clientToken,
                            taskId, taskStatus, errorCode, errorMessage, attempts, submittedAt, updatedAt,
                            archivePath, archiveSize, archiveSHA256)
                        VALUES (?, ?, ?, ?, ?, NULL, ?, 'SUBMITTED', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
                        """)
                for row in start..<min(start + 50_000, rows + 1) {
                    let retrieval = Self.isRetrieval(row)
                    let type: RequestType = retrieval ? .retrieval : .deletion
                    let email = "shopper.\(row)@example.com"
                    let holding = retrieval ? nil : (Self.isOpen(row) ? 180 : row % 30)
                    let failed = !retrieval && !Self.isOpen(row) && row % 97 == 0
                    let status =
                        Self.isOpen(row) ? "ON_HOLD" : failed ? "FAILED" : "COMPLETED"
                    let cells = "[\"\(email)\",\"\(type.rawValue)\",\"\(holding.map(String.init) ?? "")\",\"T\(row)\"]"
                    let archived = retrieval && !Self.lacksArchive(row)
                    let archive = archived ? sharedArchive : nil
                    try statement.execute(arguments: [
                        row, row + 1, type.rawValue, email, holding, cells,
                        ClientToken.derive(inputSHA256: digest, row: row, type: type), Self.taskId(row), status,
                        failed ? "ORDERS_NOT_CLOSED" : nil,
                        failed ? "The shopper has one or more unclosed orders." : nil,
                        Self.isOpen(row) ? recent : submitted, submitted, archive, archived ? 200 : nil,
                        archived ? digest : nil,
                    ])
                }
            }
        }
        try queue.write { db in
            let retrievals = rows / 10
            try db.execute(
                sql: "INSERT INTO validCount (type, rows) VALUES ('deletion', ?), ('retrieval', ?)",
                arguments: [rows - retrievals, retrievals])
            try db.execute(sql: "UPDATE run SET ingestedRows = ?, ingestComplete = 1 WHERE id = 1", arguments: [rows])
        }
    }

    private func writeSimulator(path: String, now: Date, longAgo: Date, timing: SimulatorConfiguration) throws {
        let pool = try DatabasePool(path: path)
        for start in stride(from: 1, through: rows, by: 50_000) {
            try pool.write { db in
                let task = try db.makeStatement(
                    sql: """
                        INSERT INTO task (taskId, kind, email, holdingPeriod, reason, clientToken, submittedAt,
                            failure, eventEmitted, terminalAt)
                        VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)
                        """)
                let record = try db.makeStatement(
                    sql: "INSERT INTO idempotency (clientToken, fingerprint, taskId, createdAt) VALUES (?, ?, ?, ?)")
                for row in start..<min(start + 50_000, rows + 1) {
                    let retrieval = Self.isRetrieval(row)
                    let kind = retrieval ? "retrieval" : "deletion"
                    let email = "shopper.\(row)@example.com"
                    let holding = retrieval ? nil : (Self.isOpen(row) ? 180 : row % 30)
                    let failed = !retrieval && !Self.isOpen(row) && row % 97 == 0
                    let submittedAt = (Self.isOpen(row) ? now : longAgo).timeIntervalSince1970
                    let terminal = submittedAt + (Double(holding ?? 0) + timing.processingDays) * timing.daySeconds
                    let token = ClientToken.derive(
                        inputSHA256: String(repeating: "0", count: 64), row: row,
                        type: retrieval ? .retrieval : .deletion)
                    try task.execute(arguments: [
                        Self.taskId(row), kind, email, holding, token, submittedAt,
                        failed ? "ORDERS_NOT_CLOSED" : nil, Self.isOpen(row) ? 0 : 1, terminal,
                    ])
                    let fingerprint = [kind, email, holding.map(String.init) ?? "-", "-"].joined(separator: "\u{1F}")
                    try record.execute(arguments: [token, fingerprint, Self.taskId(row), submittedAt])
                }
            }
        }
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// `cancel --rows` names every other open deletion by task id; the events file names rows `≡ 1 (mod 100)`.
    private func writeSelectors() throws {
        var selector = "task_id\n"
        var events = ""
        for row in stride(from: 1, through: rows, by: 100) {
            selector += Self.taskId(row) + "\n"
            events +=
                "{\"detail-type\":\"PERSONAL_DATA_DELETION_TASK_COMPLETED\",\"resources\":[\"businessProduct/x/personalDataDeletionTask/\(Self.taskId(row))\"]}\n"
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

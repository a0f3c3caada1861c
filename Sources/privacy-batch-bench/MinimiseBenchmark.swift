import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger

/// Minimising a run of N finished rows: wall time and peak RSS of each pass, at several N, so memory is seen flat.
///
/// Three passes, each in a fresh child process (its peak is its own):
/// 1. the retention with nothing due yet (rows final now, kept 30 days): every row is read once to find when
///    the first becomes due, and that time is recorded with the ledger's revision;
/// 2. the same pass again: the ledger is unchanged and nothing is due, so no row may be read (milliseconds);
/// 3. every row minimised at once (`forget RUN`'s selection): emails and cells replaced, a page per transaction.
enum MinimiseBenchmark {
    static func run(arguments: [String]) async throws {
        let sizes = (BenchSupport.option("--rows", in: arguments) ?? "100000,1000000").split(separator: ",")
            .compactMap { Int($0) }
        let keep = arguments.contains("--keep")
        let bench = CommandLine.arguments[0]
        for rows in sizes {
            let work = NSTemporaryDirectory() + "privacy-batch-minimise-\(getpid())-\(rows)"
            defer { if !keep { try? FileManager.default.removeItem(atPath: work) } }
            let reports = work + "/reports"
            let (_, seeding) = try await BenchSupport.time { try await writeRun(reports: reports, rows: rows) }
            let size =
                (try? FileManager.default.attributesOfItem(atPath: reports + "/minimise/ledger.sqlite")[.size])
                .flatMap { $0 as? Int } ?? 0
            ScaleBenchmark.say(
                String(
                    format: "== %d finished rows (ledger %.0f MiB written in %.1f s, under %@)", rows,
                    Double(size) / 1_048_576, seeding, work))
            let log = work + "/passes.log"
            for (label, mode) in [
                ("retention, nothing due (first look)", "retention"), ("retention, nothing due (again)", "retention"),
                ("minimise every row", "everything"),
            ] {
                let measured = try ScaleBenchmark.measure(
                    label, ["minimise-pass", reports, "minimise", mode], cli: bench, log: log)
                let tally =
                    (try? String(contentsOfFile: log, encoding: .utf8))?.split(whereSeparator: \.isNewline)
                    .last { $0.hasPrefix("tally") } ?? ""
                ScaleBenchmark.say(
                    String(
                        format: "%@ %8.1f MiB %8.2f s  exit %d  %@",
                        label.padding(toLength: 38, withPad: " ", startingAt: 0), measured.peakMiB, measured.seconds,
                        measured.status, String(tally)))
            }
        }
    }

    /// The child side: one minimisation pass over run `name` under `reports`, its tally printed.
    static func pass(arguments: [String]) async throws {
        guard arguments.count == 3 else { throw CocoaError(.fileReadInvalidFileName) }
        let folder = RunFolder(reports: arguments[0], name: arguments[1])
        let ledger = try Ledger(path: folder.ledger)
        guard let record = try await ledger.run() else { throw CocoaError(.fileReadCorruptFile) }
        let selection: Minimiser.Selection =
            arguments[2] == "everything" ? .everything : .retention(RetentionPolicy.of(record))
        let tally = try await Minimiser(folder: folder, ledger: ledger, record: record).minimise(selection)
        print(
            "tally minimised=\(tally.minimised) inUse=\(tally.inUse) nextDueAt=\(tally.nextDueAt.map(Timestamp.string) ?? "-") peakRSS=\(String(format: "%.1f", BenchSupport.peakRSSMiB())) MiB"
        )
    }

    /// A sandbox run of `rows` completed deletions (tasks final now, so none is due under a 30-day retention),
    /// written through the ledger's interface 50,000 rows to a transaction of each kind.
    static func writeRun(reports: String, rows: Int) async throws {
        let folder = RunFolder(reports: reports, name: "minimise")
        try SecureFile.createDirectory(reports)
        try folder.create()
        let key = try BenchSupport.keyring.key(sandbox: true)
        let ledger = try Ledger(path: folder.ledger)
        var record = RunRecord(
            name: "minimise", inputPath: reports + "/minimise.csv", inputSHA256: String(repeating: "0", count: 64),
            header: ["email", "request_type", "holding_period", "ticket_id"], defaults: .init(), endpoint: nil,
            createdAt: Timestamp.now())
        record.recordKeyId = key.id
        record.emailColumn = 0
        record.keptColumns = [1, 2]
        record.retainPII = RetentionPolicy.standard.finished.seconds
        record.retainPIIMax = RetentionPolicy.standard.needingPerson.seconds
        try await ledger.create(record)
        for start in stride(from: 1, through: rows, by: 50_000) {
            let numbers = start..<min(start + 50_000, rows + 1)
            let inputs = numbers.map { row in
                let email = "shopper.\(row)@example.com"
                return InputRow(
                    row: row, line: row + 1, values: [email, "deletion", String(row % 30), "T\(row)"],
                    verdict: .valid(PrivacyRequest(type: .deletion, email: email, holdingPeriod: row % 30)))
            }
            try await ledger.ingest(
                inputs, scope: .sandbox, complete: numbers.upperBound > rows, validState: .submitting, recordKey: key)
            try await ledger.record(
                numbers.map { SubmissionAnswer(row: $0, attempts: 1, result: .accepted(taskId: "task-\($0)")) })
            try await ledger.recordSnapshots(
                numbers.map { ($0, TaskSnapshot(taskId: "task-\($0)", status: "COMPLETED")) })
        }
        try await ledger.checkpoint()
    }
}

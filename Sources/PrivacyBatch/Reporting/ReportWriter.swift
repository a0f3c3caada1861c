import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// Rewrites a run's reports from its ledger: `outcomes.csv`, `failures.csv`, `orders-not-closed.csv`, `summary.json`.
///
/// `failures.csv` and `orders-not-closed.csv` are retry files, written for feeding back: their input cells are
/// the input's own, never given the spreadsheet-safety `'` (which would be sent to the API as part of the
/// value), so they submit exactly what the input held. Only their `error_code` and `error_message` cells,
/// text from the API that is never submitted, are neutralised. `outcomes.csv` is for reading and neutralised.
///
/// Reports are always derived from the ledger, never patched, so they cannot drift from it: any command
/// that changes the ledger rewrites them all. Each file is written to a temporary name and renamed, so a
/// reader never sees half a report. Rows stream through a cursor; memory does not grow with the run.
public struct ReportWriter: Sendable {
    /// What the reports say of the run beyond its rows.
    public struct Context: Sendable {
        /// Settings to record in `summary.json` (no secrets), when the command submitted.
        public var settings: [String: String]
        /// Seconds the command spent submitting.
        public var elapsedSeconds: Double?
        /// Requests, throttled answers and the final rate of the pacer, when the command submitted.
        ///
        /// A context without it (`status`, `cancel`, `download`, `report`) keeps what `summary.json` held of the
        /// last command that submitted: its settings, its elapsed seconds and its pacing.
        public var pacing: PacingSummary?

        /// Creates a context.
        public init(settings: [String: String] = [:], elapsedSeconds: Double? = nil, pacing: PacingSummary? = nil) {
            self.settings = settings
            self.elapsedSeconds = elapsedSeconds
            self.pacing = pacing
        }
    }

    /// The counts the reports were written with.
    public struct Counts: Sendable, Equatable {
        /// Rows per outcome.
        public var byOutcome: [Outcome: Int] = [:]
        /// Rows per request type and outcome (rows without a valid type are under `unknown`).
        public var byType: [String: [Outcome: Int]] = [:]
        /// All data rows.
        public var rows = 0
        /// Rows in `failures.csv`.
        public var failures = 0
        /// Rows in `orders-not-closed.csv`.
        public var ordersNotClosed = 0
        /// Open-order failures `follow-up` will send again.
        public var awaitingReopen = 0
        /// Requests with a deadline, by its state when the reports were written.
        public var deadlines: [DeadlineState: Int] = [:]
        /// Rows minimised: only their keyed hash, masked email and proof are left.
        public var minimised = 0
        /// Rows that need a person but are minimised, so left out of the retry files.
        public var minimisedFailures = 0

        /// The count of one outcome.
        public subscript(outcome: Outcome) -> Int { byOutcome[outcome] ?? 0 }
    }

    private let folder: RunFolder

    /// Creates a writer for the run in `folder`.
    public init(folder: RunFolder) {
        self.folder = folder
    }

    /// Writes every report and returns the counts.
    ///
    /// The rows are read in one read transaction on the ledger's own thread, and the files written there too:
    /// at a million rows a rewrite is seconds of blocking I/O, which must not hold a thread of Swift's
    /// cooperative pool (two threads on a 2-core machine, shared with the sandbox simulator answering the same
    /// command). Reading in one transaction also makes every file show the same revision of the ledger.
    @discardableResult
    public func write(ledger: Ledger, context: Context = Context()) async throws -> Counts {
        let path = ledger.path
        let (counts, revision) = try await ledger.read { snapshot in
            try write(from: snapshot, ledgerPath: path, context: context)
        }
        try await ledger.markReported(revision: revision)
        return counts
    }

    /// Writes every report from one read of the ledger; returns the counts and the revision they show.
    private func write(
        from ledger: LedgerSnapshot, ledgerPath: String, context: Context
    ) throws -> (Counts, revision: Int) {
        guard let run = try ledger.run() else { throw ConfigurationError("the ledger at \(ledgerPath) holds no run") }
        let revision = try ledger.revisions().current
        let supplied = SuppliedColumns(
            header: run.header, defaults: run.defaults, assignments: ReadingOptions.recordedColumns(in: folder))
        let inputColumns = supplied.header
        var counts = Counts()
        var attention: [RunPage.Attention] = []
        var archivesMissing = 0
        let deadlines = RowDeadline(record: run, now: Date())
        let reopening = Reopening(record: run)

        try AtomicFile.write(to: folder.outcomes) { outcomes in
            try AtomicFile.write(to: folder.failures, neutraliseFormulas: false) { failures in
                try AtomicFile.write(to: folder.ordersNotClosed, neutraliseFormulas: false) { ordersNotClosed in
                    try outcomes.write(
                        ["row", "line"] + run.header + [
                            "outcome", "task_id", "task_status", "error_code", "error_message", "attempts",
                            "submitted_at", "updated_at", "archive", "reopens", "next_reopen_at", "received_at",
                            "due_at", "deadline", "type", "subject", "masked_email", "final_at", "minimised_at",
                        ]
                    )
                    try failures.write(inputColumns + ["error_code", "error_message"])
                    try ordersNotClosed.write(inputColumns)
                    try ledger.forEachRow { row in
                        let outcome = Outcome(row)
                        counts.rows += 1
                        counts.byOutcome[outcome, default: 0] += 1
                        counts.byType[row.type?.rawValue ?? "unknown", default: [:]][outcome, default: 0] += 1
                        let cells = Self.fitted(row.values, to: run.header.count)
                        let deadline = deadlines.state(of: row)
                        if let deadline { counts.deadlines[deadline, default: 0] += 1 }
                        try outcomes.write(
                            [String(row.row), String(row.line)] + cells + [
                                outcome.rawValue, row.taskId ?? "", row.taskStatus ?? "", row.errorCode ?? "",
                                row.errorMessage ?? "", String(row.attempts), row.submittedAt ?? "",
                                row.updatedAt ?? "", row.archiveDeletedAt == nil ? row.archivePath ?? "" : "",
                                String(row.reopens),
                                reopening.nextReopen(of: row).map(Timestamp.string) ?? "", row.receivedAt ?? "",
                                row.dueAt ?? "", deadline?.rawValue ?? "", row.type?.rawValue ?? "", row.subject ?? "",
                                row.maskedEmail ?? row.email.map(MaskedEmail.mask) ?? "", row.finalAt ?? "",
                                row.minimisedAt ?? "",
                            ]
                        )
                        if row.minimisedAt != nil {
                            counts.minimised += 1
                            // Its values are gone: fed back, a minimised row would send a masked address.
                            if outcome.needsAPerson { counts.minimisedFailures += 1 }
                            return
                        }
                        var input = supplied.inputCells(cells, for: row)
                        // A malformed line's cells cannot be written back as they were: fed back, the padded or
                        // cut cells would send other values. Its retry row says so instead, and never validates.
                        if let code = row.errorCode.flatMap(RowErrorCode.init(rawValue:)), code.isRecordLevel {
                            let note = "(line \(row.line) is malformed, \(code.rawValue): fix it in the original file)"
                            input = Array(repeating: note, count: input.count)
                        }
                        if outcome == .completed, row.type == .retrieval, row.archivePath == nil {
                            archivesMissing += 1
                        }
                        if outcome.needsAPerson {
                            counts.failures += 1
                            if attention.count < RunPage.attentionLimit {
                                attention.append(
                                    .init(row: row.row, line: row.line, outcome: outcome, errorCode: row.errorCode))
                            }
                            let error = [row.errorCode ?? "", row.errorMessage ?? ""].map(CSVWriter.neutralised)
                            try failures.write(input + error)
                        }
                        if outcome == .failed, Attention.isAwaitingReopen(row) { counts.awaitingReopen += 1 }
                        if outcome == .failed, row.type == .deletion, row.errorCode == TaskStatus.ordersNotClosed {
                            counts.ordersNotClosed += 1
                            try ordersNotClosed.write(input)
                        }
                    }
                }
            }
        }
        if FileManager.default.fileExists(atPath: folder.invalidRows) {
            try Self.writeInvalidRows(from: ledger, header: run.header, to: folder.invalidRows)
        }
        try writeSummary(run: run, counts: counts, context: context)
        let page = RunPage(
            run: run,
            counts: counts,
            attention: attention,
            activity: try ledger.activity(),
            commands: RunOverview.workLeft(
                run: run,
                name: folder.name,
                unsent: counts[.notAttempted] + counts[.error],
                openTasks: try ledger.openTaskCount(),
                archives: archivesMissing,
                openOrders: counts.awaitingReopen
            ),
            writtenAt: Timestamp.now()
        )
        try AtomicFile.write(data: Data(page.html().utf8), to: folder.page)
        return (counts, revision)
    }

    /// Rewrites `invalid-rows.csv` (first written by `validate`) from the ledger: the rows not sent for a rule,
    /// until they are minimised.
    private static func writeInvalidRows(from ledger: LedgerSnapshot, header: [String], to path: String) throws {
        try AtomicFile.write(to: path) { writer in
            try writer.write(["line", "error_code", "error_message"] + header)
            try ledger.forEachRow { row in
                guard row.state == .invalid || row.state == .duplicate, row.minimisedAt == nil else { return }
                try writer.write(
                    [String(row.line), row.errorCode ?? "", row.errorMessage ?? ""]
                        + fitted(row.values, to: header.count)
                )
            }
        }
    }

    /// Whether the reports on disk already reflect the ledger, so a rewrite would change nothing.
    public func isCurrent(ledger: Ledger) async throws -> Bool {
        let (current, reported) = try await ledger.revisions()
        let files = [folder.outcomes, folder.failures, folder.ordersNotClosed, folder.summary, folder.page]
        return current == reported && files.allSatisfy { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads the counts back from `summary.json`, for a command that found the reports current.
    public func currentCounts() throws -> Counts {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.summary))
        let summary = try JSONDecoder().decode(StoredSummary.self, from: data)
        var counts = Counts()
        counts.rows = summary.rows
        counts.failures = summary.failures
        counts.ordersNotClosed = summary.ordersNotClosed
        counts.minimised = summary.personalData?.minimisedRows ?? 0
        for (name, count) in summary.deadlines ?? [:] {
            if let state = DeadlineState(rawValue: name) { counts.deadlines[state] = count }
        }
        for (name, count) in summary.outcomes {
            if let outcome = Outcome(rawValue: name) { counts.byOutcome[outcome] = count }
        }
        for (type, outcomes) in summary.byType {
            for (name, count) in outcomes {
                if let outcome = Outcome(rawValue: name) { counts.byType[type, default: [:]][outcome] = count }
            }
        }
        return counts
    }

    private func writeSummary(run: RunRecord, counts: Counts, context: Context) throws {
        // status, cancel and download rewrite the reports too: how the rows were submitted stays (their own
        // pacing is on their progress line), so summary.json always describes the submitting command.
        let submission =
            context.pacing == nil
            ? storedSubmission()
            : StoredSubmission(
                elapsedSeconds: context.elapsedSeconds, settings: context.settings, pacing: context.pacing)
        var byType: [String: [String: Int]] = [:]
        for (type, outcomes) in counts.byType {
            byType[type] = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key.rawValue, $0.value) })
        }
        let summary = RunSummary(
            run: run.name,
            input: .init(path: run.inputPath, sha256: run.inputSHA256),
            endpoint: run.endpoint ?? "sandbox",
            createdAt: run.createdAt,
            reportsWrittenAt: Timestamp.now(),
            rows: counts.rows,
            outcomes: Dictionary(uniqueKeysWithValues: counts.byOutcome.map { ($0.key.rawValue, $0.value) }),
            byType: byType,
            failures: counts.failures,
            ordersNotClosed: counts.ordersNotClosed,
            deadlines: Dictionary(uniqueKeysWithValues: counts.deadlines.map { ($0.key.rawValue, $0.value) }),
            personalData: .init(
                minimisedRows: counts.minimised,
                retainPII: run.retainPII.map { PolicyDuration(seconds: $0).description },
                retainPIIMax: run.retainPIIMax.map { PolicyDuration(seconds: $0).description },
                recordKeyId: run.recordKeyId),
            elapsedSeconds: submission.elapsedSeconds,
            settings: submission.settings ?? [:],
            pacing: submission.pacing
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(summary)
        try AtomicFile.write(data: data + Data("\n".utf8), to: folder.summary)
    }

    /// What `summary.json` holds now of the last command that submitted: an unreadable file holds nothing.
    private func storedSubmission() -> StoredSubmission {
        let empty = StoredSubmission(elapsedSeconds: nil, settings: nil, pacing: nil)
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: folder.summary)) else { return empty }
        return (try? JSONDecoder().decode(StoredSubmission.self, from: data)) ?? empty
    }

    /// Cells padded or cut to the header's width, so every report row lines up with its header.
    static func fitted(_ values: [String], to width: Int) -> [String] {
        if values.count == width { return values }
        if values.count > width { return Array(values.prefix(width)) }
        return values + Array(repeating: "", count: width - values.count)
    }
}

/// The parts of `summary.json` read back.
struct StoredSummary: Decodable {
    var rows: Int
    var failures: Int
    var ordersNotClosed: Int
    var outcomes: [String: Int]
    var byType: [String: [String: Int]]
    var deadlines: [String: Int]?
    var personalData: StoredPersonalData?

    struct StoredPersonalData: Decodable {
        var minimisedRows: Int
    }
}

/// The part of `summary.json` that describes the last command that submitted, read back on its own so a summary
/// of another shape still yields what it has.
struct StoredSubmission: Decodable {
    var elapsedSeconds: Double?
    var settings: [String: String]?
    var pacing: PacingSummary?
}

/// The shape of `summary.json`.
struct RunSummary: Encodable {
    struct PersonalData: Encodable {
        var minimisedRows: Int
        var retainPII: String?
        var retainPIIMax: String?
        var recordKeyId: String?
    }

    struct Input: Encodable {
        var path: String
        var sha256: String
    }

    var run: String
    var input: Input
    var endpoint: String
    var createdAt: String
    var reportsWrittenAt: String
    var rows: Int
    var outcomes: [String: Int]
    var byType: [String: [String: Int]]
    var failures: Int
    var ordersNotClosed: Int
    /// Requests with a deadline by state (`met`, `open`, `at_risk`, `overdue`, `missed`).
    var deadlines: [String: Int]
    /// How the run keeps shoppers' values: rows minimised so far, the retention in force and the key's name.
    var personalData: PersonalData
    var elapsedSeconds: Double?
    var settings: [String: String]
    var pacing: PacingSummary?
}

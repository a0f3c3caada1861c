import ArgumentParser
import PrivacyBatch

/// The one JSON document a command prints on stdout with `--json`; its schema is `docs/JSON.md`.
///
/// It carries counts, the run, paths and the exit code, never an email or a token. Sections a command has
/// nothing to say about are left out rather than written empty, so a script can test for their presence.
struct CommandDocument: Encodable {
    /// The run a command worked on.
    struct RunSection: Encodable {
        var name: String
        var folder: String
        /// The endpoint's base URL, or `sandbox`.
        var endpoint: String
    }

    /// A run's rows per outcome, as the reports count them.
    struct CountsSection: Encodable {
        var rows: Int
        var outcomes: [String: Int]
        var byType: [String: [String: Int]]
        /// Rows in `failures.csv`: the ones a person must fix.
        var needsPerson: Int
        var ordersNotClosed: Int

        init(_ counts: ReportWriter.Counts) {
            rows = counts.rows
            outcomes = Dictionary(uniqueKeysWithValues: counts.byOutcome.map { ($0.key.rawValue, $0.value) })
            byType = counts.byType.mapValues { perOutcome in
                Dictionary(uniqueKeysWithValues: perOutcome.map { ($0.key.rawValue, $0.value) })
            }
            needsPerson = counts.failures
            ordersNotClosed = counts.ordersNotClosed
        }
    }

    /// A problem row, by line and code (messages never quote an email).
    struct Problem: Encodable {
        var line: Int
        var code: String
        var message: String
    }

    /// The audit log's head after a command appended to it (`seq`, `sha256`), or what `verify` found.
    struct AuditSection: Encodable {
        var seq: Int
        var sha256: String
        /// `verify` only: whether the log, its head and the ledger agree.
        var agrees: Bool?
        /// `verify` only: the head the ledger recorded.
        var recordedSeq: Int?
        var recordedSha256: String?
        /// `verify` only: the first disagreement, by line of the log or by row.
        var line: Int?
        var row: Int?
        var problem: String?
    }

    /// Always `privacy-batch/1`; a change that breaks a reader bumps it.
    var schema = "privacy-batch/1"
    /// The subcommand, e.g. `run` or `events apply`.
    var command: String
    /// The process's exit code (README, "Exit codes").
    var exitCode: Int32 = ExitStatus.success
    var run: RunSection?
    var counts: CountsSection?
    /// Report files by name (`outcomes`, `failures`, `ordersNotClosed`, `summary`, `invalidRows`, `archives`).
    var reports: [String: String]?
    /// Command-specific numbers (docs/JSON.md lists them per command).
    var details: [String: Int]?
    var problems: [Problem]?
    /// Every run under the reports folder (`runs` only).
    var runs: [CommandDocument]?
    /// Each run's digest (`follow-up` only).
    var followUp: [RunDigestSection]?
    /// The audit log's head when the command appended to it; what `verify` found.
    var audit: AuditSection?
    /// What is left to do, with the commands that do it.
    var workLeft: [String]?
    /// Why the command stopped early or failed, in words.
    var message: String?

    init(command: String) {
        self.command = command
    }

    /// Prints the head of `audit` (`audit head: seq N sha256 …`) and records it, when this command appended to it.
    mutating func noteAuditHead(_ audit: RunAudit?) {
        guard let audit, audit.didAppend else { return }
        Console.out(audit.headLine)
        self.audit = AuditSection(seq: audit.head.seq, sha256: audit.head.hash)
    }

    /// Fills in the run, its counts and the report paths.
    mutating func describe(_ folder: RunFolder, endpoint: String?, counts: ReportWriter.Counts?) {
        run = RunSection(name: folder.name, folder: folder.path, endpoint: endpoint ?? "sandbox")
        if let counts { self.counts = CountsSection(counts) }
        reports = [
            "outcomes": folder.outcomes, "failures": folder.failures, "ordersNotClosed": folder.ordersNotClosed,
            "summary": folder.summary,
        ]
    }
}

extension CommandDocument {
    /// Prints the document (with `--json`) and ends the command with its exit code.
    func finish() throws {
        Console.document(self)
        if exitCode != ExitStatus.success { throw ExitCode(exitCode) }
    }
}

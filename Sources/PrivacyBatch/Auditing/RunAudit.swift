import AuditTrail
import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger
import Synchronization

/// A run's audit log (`<run>/audit.jsonl`) and the one place that orders it against the ledger.
///
/// Every change a command makes to what happened to a shopper's request goes through ``commit(_:_:)``: the
/// entries are appended and `fsync`ed first (off the cooperative pool), then the ledger's transaction runs and
/// records the log's new head beside the state it describes. A crash between the two leaves entries the ledger
/// never committed, which the next open keeps and says so (`recovered`); never committed state the log does not
/// name. One append (one `fsync`) per ledger batch keeps the log's cost to a fraction of the ledger's.
public final class RunAudit: Sendable {
    /// The log's name inside a run's folder.
    public static let fileName = "audit.jsonl"

    /// What opening the log found and did, one line each, for the command to print.
    public let notes: [String]
    private let log: AuditLog
    private let ledger: Ledger
    private let appended = Mutex(false)

    private init(log: AuditLog, ledger: Ledger, notes: [String]) {
        self.log = log
        self.ledger = ledger
        self.notes = notes
    }

    /// The log of the run in `folder`.
    public static func url(in folder: RunFolder) -> URL { URL(fileURLWithPath: folder.file(fileName)) }

    /// Opens the log of the run in `folder` (the caller holds its `RunLock`), against the head `ledger` recorded.
    ///
    /// A torn last line is cut; complete entries past the recorded head are adopted with a `recovered` entry; a
    /// run the ledger holds without a log (created before it existed) starts one with an `audit-started` entry.
    /// A log cut back, edited or rebuilt below the recorded head is refused: the command stops before appending.
    public static func open(folder: RunFolder, ledger: Ledger) async throws -> RunAudit {
        let recorded = try await ledger.auditHead()
        let hasRun = try await ledger.run() != nil
        let url = url(in: folder)
        let log = try await BlockingWork.run {
            try AuditLog.open(at: url, recordedHead: recorded.map { AuditHead(seq: $0.seq, hash: $0.hash) })
        }
        let audit = RunAudit(log: log, ledger: ledger, notes: notes(for: log.recovery))
        let recovery = log.recovery
        if !recovery.isClean {
            let named =
                recovery.adoptedEntries > 0 ? try await rowsNamed(after: recovery.recordedHead.seq, in: url) : []
            let rows = try await ledger.storedRows(named)
            try await audit.record([
                .recovered(adopted: recovery.adoptedEntries, cutBytes: recovery.cutBytes, rows: rows)
            ])
        }
        if hasRun, recorded == nil, recovery.recordedHead.seq == 0, recovery.head.seq == 0 {
            try await audit.record([.auditStarted(counts: try await ledger.stateCounts())])
        }
        return audit
    }

    /// The rows the entries after `seq` name: what a crash left logged but not committed. Read only after a crash,
    /// in one streaming pass.
    private static func rowsNamed(after seq: Int, in url: URL) async throws -> [Int] {
        try await BlockingWork.run {
            var rows: Set<Int> = []
            _ = try AuditChainVerifier.verify(url) { entry in
                if entry.seq > seq, let row = entry.field("row")?.integerValue { rows.insert(Int(row)) }
            }
            return rows.sorted()
        }
    }

    private static func notes(for recovery: AuditRecovery) -> [String] {
        var notes: [String] = []
        if recovery.cutBytes > 0 {
            notes.append(
                "audit log: cut \(recovery.cutBytes) bytes of a torn last line (a write cut short by a crash)")
        }
        if recovery.adoptedEntries > 0 {
            let count = recovery.adoptedEntries
            notes.append(
                "audit log: adopted \(count) \(count == 1 ? "entry" : "entries") written before a crash the ledger never committed"
            )
        }
        return notes
    }

    /// The keyed hash that names a row's shopper in the log (the ledger's `subject`): the one accessor events
    /// about a stored row take it from, so no entry is ever given an email.
    public static func subject(of row: LedgerRow) -> String? { row.subject }

    /// Appends `events` durably, then runs `change`, whose ledger transactions record the new head with the
    /// state they commit; when `change` commits nothing, the head is recorded on its own.
    public func commit(_ events: [AuditEvent], _ change: () async throws -> Void) async throws {
        guard !events.isEmpty else {
            try await change()
            return
        }
        let now = Date()
        let entries = events.map { $0.entry(at: now) }
        let head = try await BlockingWork.run { [log] in try log.append(entries) }
        appended.withLock { $0 = true }
        let recorded = LedgerAuditHead(seq: head.seq, hash: head.hash)
        let stamped = try await ledger.withAuditHead(recorded, change)
        if !stamped { try await ledger.recordAuditHead(recorded) }
    }

    /// Appends `events` that no ledger change accompanies, and records the head.
    public func record(_ events: [AuditEvent]) async throws {
        try await commit(events) {}
    }

    /// The head after the last append.
    public var head: AuditHead { log.head }

    /// Whether this process appended to the log: the commands that did print its head.
    public var didAppend: Bool { appended.withLock { $0 } }

    /// `audit head: seq N sha256 …`, the line a command prints when it appended.
    public var headLine: String { "audit head: seq \(head.seq) sha256 \(head.hash)" }

    /// Closes the log and releases its writer's lock.
    public func close() { log.close() }
}

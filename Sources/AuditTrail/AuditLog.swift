import Crypto
import Foundation
import PrivacyBatchCore
import Synchronization

/// The writer of one `audit.jsonl`: opens it (repairing a crash-torn end), then appends entries durably.
///
/// It is `Sendable` through a lock rather than an actor because its work is blocking file I/O that callers
/// must run off the cooperative pool anyway (e.g. on a thread pool), and an actor would run it on the pool.
/// The lock also orders concurrent appends, so each batch gets consecutive `seq`s. Across processes an
/// exclusive `flock` keeps a second writer out.
///
/// Every append is written with one `write` and `fsync`ed before it returns, so a caller that records the
/// returned head in its own transaction afterwards never records a head the disk does not have.
public final class AuditLog: Sendable {
    /// The log file.
    public let url: URL
    /// What opening found at the end of the file and repaired.
    public let recovery: AuditRecovery
    private let state: Mutex<State>

    private struct State {
        var file: AuditFileIO?
        var head: AuditHead
        var failure: String?
    }

    private init(url: URL, file: AuditFileIO, recovery: AuditRecovery) {
        self.url = url
        self.recovery = recovery
        self.state = Mutex(State(file: file, head: recovery.head, failure: nil))
    }

    deinit {
        state.withLock { $0.file?.closeFile() }
    }

    /// Opens the log at `url`, creating it `0600` if missing, and checks its end against `recordedHead`, the
    /// head the caller last committed (`nil` when it has committed none, the same as `.genesis`).
    ///
    /// - A half-written last line (no newline) is cut off; `recovery.cutBytes` says how much.
    /// - Complete entries past the recorded head are kept and counted in `recovery.adoptedEntries`: they were
    ///   synced before a crash lost the caller's commit. They must link to the recorded head.
    /// - A log that ends before the recorded head, or whose entry at that `seq` hashes differently, was cut
    ///   back or rebuilt: this throws and changes nothing, so the evidence stays as found.
    public static func open(at url: URL, recordedHead: AuditHead?) throws(AuditLogError) -> AuditLog {
        let recorded = recordedHead ?? .genesis
        let file = try AuditFileIO.openForAppend(url.path)
        do {
            let size = try file.size()
            let lastNewline = try file.lastNewline(before: size)
            let completeEnd = lastNewline.map { $0 + 1 } ?? 0
            let head = try findHead(in: file, completeEnd: completeEnd, recorded: recorded)
            if completeEnd < size {
                // Only the torn tail goes; it was never synced as a whole line, so no head can name it.
                try file.truncate(at: completeEnd)
                try file.sync()
            }
            let recovery = AuditRecovery(
                recordedHead: recorded, head: head, cutBytes: Int(size - completeEnd),
                adoptedEntries: head.seq - recorded.seq)
            return AuditLog(url: url, file: file, recovery: recovery)
        } catch {
            file.closeFile()
            throw error
        }
    }

    /// The head of the file's complete lines, after checking that it is at or past `recorded` and that the
    /// lines past it link back to it, reading backwards one line at a time.
    private static func findHead(
        in file: AuditFileIO, completeEnd: UInt64, recorded: AuditHead
    ) throws(AuditLogError) -> AuditHead {
        guard completeEnd > 0 else {
            guard recorded.seq == 0 else { throw .behindRecordedHead(file: .genesis, recorded: recorded) }
            return .genesis
        }
        var lineEnd = completeEnd - 1
        var head: AuditHead?
        var later: AuditEntry?
        while true {
            let lineStart = try file.lastNewline(before: lineEnd).map { $0 + 1 } ?? 0
            let bytes = try file.read(from: lineStart, count: Int(lineEnd - lineStart))
            let entry: AuditEntry
            do { entry = try AuditEntry.parse(bytes) } catch {
                throw .corruptLine(offset: lineStart, reason: error.description)
            }
            let hash = Hexadecimal.encode(SHA256.hash(data: bytes))
            if let later {
                guard entry.seq == later.seq - 1, later.prev == hash else {
                    throw .corruptLine(offset: lineEnd + 1, reason: "it does not follow the line before it")
                }
            }
            if head == nil {
                head = AuditHead(seq: entry.seq, hash: hash)
                if entry.seq < recorded.seq {
                    throw .behindRecordedHead(file: AuditHead(seq: entry.seq, hash: hash), recorded: recorded)
                }
            }
            let current = AuditHead(seq: entry.seq, hash: hash)
            if entry.seq == recorded.seq {
                guard hash == recorded.hash else { throw .headMismatch(file: current, recorded: recorded) }
                return head ?? current
            }
            if entry.seq == recorded.seq + 1 {
                // The first adopted entry must name the recorded head as its predecessor; the line before it
                // (checked next round) must then be the recorded head itself.
                guard entry.prev == recorded.hash else {
                    throw .headMismatch(file: AuditHead(seq: recorded.seq, hash: entry.prev), recorded: recorded)
                }
                if recorded.seq == 0 {
                    guard lineStart == 0 else {
                        throw .corruptLine(offset: lineStart, reason: "seq 1 is not the first line")
                    }
                    return head ?? current
                }
            }
            guard lineStart > 0 else {
                throw .corruptLine(offset: 0, reason: "the first line has seq \(entry.seq), not 1")
            }
            later = entry
            lineEnd = lineStart - 1
        }
    }

    /// The head after the last successful append.
    public var head: AuditHead { state.withLock { $0.head } }

    /// Appends one entry and syncs it; returns the new head to record.
    @discardableResult
    public func append(
        event: String, fields: [AuditField] = [], at date: Date = Date()
    ) throws(AuditLogError) -> AuditHead {
        try append([PendingEntry(event: event, fields: fields, at: date)])
    }

    /// Appends one entry whose fields are given as a literal, e.g. `["request": "r-1", "rows": 3]`.
    @discardableResult
    public func append(
        event: String, fields: KeyValuePairs<String, AuditValue>, at date: Date = Date()
    ) throws(AuditLogError) -> AuditHead {
        try append([PendingEntry(event: event, fields: fields, at: date)])
    }

    /// Appends entries in order with a single write and one `fsync`; returns the new head to record. Nothing
    /// is written if any entry is invalid. After a failed write or sync the log refuses further appends,
    /// because part of the batch may be on disk; reopening repairs the end.
    @discardableResult
    public func append(_ entries: [PendingEntry]) throws(AuditLogError) -> AuditHead {
        try state.withLock { (state: inout State) throws(AuditLogError) -> AuditHead in
            if let failure = state.failure { throw .unusable(failure) }
            guard let file = state.file else { throw .unusable("it was closed") }
            guard !entries.isEmpty else { return state.head }
            var head = state.head
            var bytes: [UInt8] = []
            bytes.reserveCapacity(entries.count * 200)
            // A batch's entries usually share one instant: it is formatted, and checked, once.
            var formatted: (date: Date, text: String)?
            for pending in entries {
                let text: String
                if let formatted, formatted.date == pending.at {
                    text = formatted.text
                } else {
                    text = AuditTimestamp.format(pending.at)
                    guard AuditTimestamp.parse(text) != nil else {
                        throw .invalidEntry(.invalidKey("at", expected: "a UTC time like 2026-12-04T04:30:00.123Z"))
                    }
                    formatted = (pending.at, text)
                }
                let entry = AuditEntry(
                    seq: head.seq + 1, at: text, event: pending.event, fields: pending.fields, prev: head.hash)
                do throws(AuditEntryError) { try entry.validateExceptTimestamp() } catch { throw .invalidEntry(error) }
                let line = entry.encodedLine
                head = AuditHead(seq: entry.seq, hash: Hexadecimal.encode(SHA256.hash(data: line)))
                bytes.append(contentsOf: line)
                bytes.append(UInt8(ascii: "\n"))
            }
            do throws(AuditLogError) {
                try file.append(bytes)
                try file.sync()
            } catch {
                state.failure = "an earlier write failed (\(error)); reopen the log to repair its end"
                throw error
            }
            state.head = head
            return head
        }
    }

    /// Closes the file and releases the writer's lock; later appends throw.
    public func close() {
        state.withLock { state in
            state.file?.closeFile()
            state.file = nil
        }
    }
}

import AuditTrail
import Crypto
import Foundation

/// A run's `audit.jsonl` as lines of text, for tests that tamper with it the ways a forger would, and read it.
public struct AuditLogFile {
    /// The file.
    public let path: String
    /// Its complete lines, without newlines.
    public var lines: [String]

    /// Reads the log of the run folder `run`.
    public init(run: String) throws {
        path = (run as NSString).appendingPathComponent("audit.jsonl")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// The entries, parsed.
    public func entries() throws -> [AuditEntry] { try lines.map { try AuditEntry.parse(line: $0) } }

    /// Writes `lines` back, each ending in a newline.
    public func write() throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Appends raw bytes, e.g. half a line.
    public func appendRaw(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// A line that extends the chain correctly (right `seq`, `prev` the hash of the last line) with `event`.
    public func forgedNext(event: String, fields: [AuditField]) throws -> String {
        let last = try AuditEntry.parse(line: lines.last ?? "")
        let prev = lines.last.map { Self.hash($0) } ?? AuditHead.zeroHash
        return AuditEntry(seq: last.seq + 1, at: last.at, event: event, fields: fields, prev: prev).line
    }

    /// The same events rebuilt from scratch into a chain that is consistent in itself: every line restamped, so
    /// every hash differs from the original's.
    public func rebuiltFromScratch() throws -> [String] {
        var prev = AuditHead.zeroHash
        var rebuilt: [String] = []
        for entry in try entries() {
            var copy = entry
            copy.at = "2020-01-01T00:00:00.000Z"
            copy.prev = prev
            let line = copy.line
            prev = Self.hash(line)
            rebuilt.append(line)
        }
        return rebuilt
    }

    /// Row and client token of every `sent` entry (not `resent`) that repeats one already sent whose answer
    /// was not "not-sent": a resend logged as a first send.
    public func duplicateSends() throws -> [String] {
        var sent: Set<String> = []
        var duplicates: [String] = []
        for entry in try entries() {
            guard let row = entry.field("row")?.integerValue else { continue }
            if entry.event == "answer", entry.field("outcome")?.stringValue == "not-sent" {
                sent = sent.filter { !$0.hasPrefix("\(row) ") }
            }
            guard entry.event == "sent", let token = entry.field("clientToken")?.stringValue else { continue }
            let key = "\(row) \(token)"
            if !sent.insert(key).inserted { duplicates.append("line \(entry.seq): row \(row)") }
        }
        return duplicates
    }

    /// Lower-case hex SHA-256 of a line's bytes.
    public static func hash(_ line: String) -> String {
        SHA256.hash(data: Data(line.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

import AuditTrail
import Foundation

/// Writes small logs and rewrites their lines, the way a tamperer with a text editor would.
enum LogFixture {
    static let start = Date(timeIntervalSince1970: 1_796_358_600.123)

    /// A log of `count` entries for requests `r-1`…, closed; returns its head.
    @discardableResult
    static func write(_ url: URL, count: Int, tag: String = "r") throws -> AuditHead {
        let log = try AuditLog.open(at: url, recordedHead: nil)
        defer { log.close() }
        var head = log.head
        for index in 1...count {
            head = try log.append(
                event: "submitted", fields: [AuditField("request", .string("\(tag)-\(index)"))],
                at: start.addingTimeInterval(Double(index)))
        }
        return head
    }

    static func lines(_ url: URL) throws -> [String] {
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    static func rewrite(_ url: URL, _ lines: [String]) throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: url)
    }

    static func appendRaw(_ url: URL, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}

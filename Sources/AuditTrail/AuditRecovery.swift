/// What opening a log found and fixed at its end, so the caller can record it (e.g. append an `adopted` entry).
public struct AuditRecovery: Sendable, Hashable, CustomStringConvertible {
    /// The head the caller had recorded (the genesis head when it passed none).
    public let recordedHead: AuditHead
    /// The head of the log once opened and repaired.
    public let head: AuditHead
    /// Bytes of a half-written last line (no newline) that were cut off.
    public let cutBytes: Int
    /// Complete entries found past the recorded head, kept because they were durably written before the
    /// caller's own commit was lost in a crash.
    public let adoptedEntries: Int

    /// The parts of a recovery report.
    public init(recordedHead: AuditHead, head: AuditHead, cutBytes: Int, adoptedEntries: Int) {
        self.recordedHead = recordedHead
        self.head = head
        self.cutBytes = cutBytes
        self.adoptedEntries = adoptedEntries
    }

    /// Whether the log ended exactly at the recorded head.
    public var isClean: Bool { cutBytes == 0 && adoptedEntries == 0 }

    /// E.g. "cut 17 bytes of a torn last line; adopted 2 entries past the recorded head".
    public var description: String {
        var parts: [String] = []
        if cutBytes > 0 { parts.append("cut \(cutBytes) bytes of a torn last line") }
        if adoptedEntries > 0 {
            parts.append(
                "adopted \(adoptedEntries) \(adoptedEntries == 1 ? "entry" : "entries") past the recorded head")
        }
        return parts.isEmpty ? "the log ends at the recorded head" : parts.joined(separator: "; ")
    }
}

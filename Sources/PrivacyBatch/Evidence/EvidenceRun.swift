import PrivacyBatchLedger

/// What evidence says of a run as a whole: which file, sent where and for whom, when, and the head of its audit log.
public struct EvidenceRun: Sendable, Equatable {
    /// The head of the run's audit log as the ledger recorded it.
    public struct AuditHead: Sendable, Equatable {
        /// The last entry's sequence number.
        public var seq: Int
        /// The SHA-256 (hex) of the last entry's line, which commits to every line before it.
        public var hash: String

        /// A head at `seq` with `hash`.
        public init(seq: Int, hash: String) {
            self.seq = seq
            self.hash = hash
        }
    }

    /// The run's name.
    public var name: String
    /// The SHA-256 (hex) of the input file the run was started with.
    public var inputSHA256: String
    /// The endpoint's base URL, or `sandbox`.
    public var endpoint: String
    /// The business the requests were sent for (`BWP_TARGET_ID`); `nil` for the sandbox and older runs.
    public var targetId: String?
    /// When the run was created (ISO-8601).
    public var createdAt: String
    /// The deadline rule the due days were computed with (`gdpr`, `ccpa`, a number of days), if any.
    public var deadlineRule: String?
    /// The name of the record key the subjects were hashed with.
    public var recordKeyId: String?
    /// Whether every row of the input is in the ledger; `false` for a run stopped before it read the whole file,
    /// whose evidence covers the rows read so far.
    public var ingestComplete: Bool
    /// The audit log's head; `nil` when the ledger holds none.
    public var auditHead: AuditHead?

    /// The evidence of the run `record` describes, with the audit head read from the same snapshot.
    public init(_ record: RunRecord, auditHead: AuditHead?) {
        name = record.name
        inputSHA256 = record.inputSHA256
        endpoint = record.endpoint ?? "sandbox"
        targetId = record.targetID
        createdAt = record.createdAt
        deadlineRule = record.deadlineRule
        recordKeyId = record.recordKeyId
        ingestComplete = record.ingestComplete
        self.auditHead = auditHead
    }

    /// Reads the run and its audit head from `snapshot`; `nil` when the ledger holds no run.
    static func read(from snapshot: LedgerSnapshot) throws -> EvidenceRun? {
        guard let record = try snapshot.run() else { return nil }
        let head = try snapshot.auditHead().map { AuditHead(seq: $0.seq, hash: $0.hash) }
        return EvidenceRun(record, auditHead: head)
    }

    /// The run's fields as one JSON object (the audit head is written beside it, not in it).
    var json: String {
        EvidenceJSON.Value.object([
            ("name", .string(name)), ("inputSHA256", .string(inputSHA256)), ("endpoint", .string(endpoint)),
            ("targetId", .string(targetId)), ("createdAt", .string(createdAt)),
            ("deadlineRule", .string(deadlineRule)), ("recordKeyId", .string(recordKeyId)),
            ("ingestComplete", .bool(ingestComplete)),
        ]).text
    }

    /// The audit head as JSON: `{"hash":…,"seq":…}` or `null`.
    var auditHeadJSON: String {
        guard let auditHead else { return "null" }
        return EvidenceJSON.Value.object([("seq", .int(auditHead.seq)), ("hash", .string(auditHead.hash))]).text
    }
}

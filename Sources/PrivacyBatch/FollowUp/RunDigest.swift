import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger

/// What a `follow-up` pass tells a person about one run: what needs them, what is new since the last digest,
/// how the deadlines stand, and what the pass did.
public struct RunDigest: Sendable {
    /// The run's name.
    public var run: String
    /// The endpoint, or `sandbox`.
    public var endpoint: String
    /// Rows that need a person now, by why.
    public var waiting: [Attention: Int] = [:]
    /// The lines of rows that need a person and were not in an earlier digest, by why (at most
    /// ``newLinesShown`` each); ``newCount`` counts them all.
    public var newLines: [Attention: [Int]] = [:]
    /// How many rows need a person that no earlier digest told about.
    public var newCount = 0
    /// Requests with a deadline, by its state.
    public var deadlines: [DeadlineState: Int] = [:]
    /// What the pass did, when it worked on the run.
    public var tally: FollowedRun.Tally?
    /// Why the run could not be followed (unreadable, credentials missing), when it could not.
    public var problem: String?
    /// Why the run was left to another process this time (it holds the run's lock): a note, not a problem.
    public var skipped: String?
    /// When the run next has something due, or `nil` when nothing is left to follow.
    public var nextWakeUp: Date?
    /// When the run's next rows are minimised (their `--retain-pii` or `--retain-pii-max` passes), when known.
    public var nextMinimisation: Date?
    /// `audit head: seq N sha256 …` when the pass appended to the run's audit log.
    public var auditHead: String?
    /// What opening the run's audit log repaired (a torn line cut, entries adopted).
    public var auditNotes: [String] = []

    /// The ledger of the run, and what this digest tells about its rows (``FollowUpPass/recordTold(_:)`` records
    /// it once the digest is out, so a pass killed before it printed tells again).
    var told: (ledger: String, notes: [(row: Int, attention: String?)])?

    /// The most lines listed per reason.
    public static let newLinesShown = 20

    /// Creates an empty digest for `run`, with the `problem` that kept it from being followed.
    public init(run: String, endpoint: String, problem: String? = nil) {
        self.run = run
        self.endpoint = endpoint
        self.problem = problem
    }

    /// Whether a person must look at this run now: something new needs them, or it could not be followed.
    public var needsAPerson: Bool { newCount > 0 || problem != nil }

    /// Reads the digest of `run` at `now`; what it tells is recorded by ``FollowUpPass/recordTold(_:)``.
    public static func read(_ run: FollowedRun, now: Date = Date()) async throws -> RunDigest {
        let rule = RowDeadline(record: run.record, now: now)
        var digest = try await run.ledger.read { snapshot in
            var digest = RunDigest(run: run.record.name, endpoint: run.record.endpoint ?? "sandbox")
            var notes: [(row: Int, attention: String?)] = []
            try snapshot.forEachAttentionCandidate { row in
                let deadline = rule.state(of: row)
                if let deadline { digest.deadlines[deadline, default: 0] += 1 }
                let attention = Attention.of(row, deadline: deadline)
                if let attention {
                    digest.waiting[attention, default: 0] += 1
                    if row.noticed != attention.rawValue {
                        digest.newCount += 1
                        if digest.newLines[attention, default: []].count < newLinesShown {
                            digest.newLines[attention, default: []].append(row.line)
                        }
                    }
                }
                if row.noticed != attention?.rawValue { notes.append((row.row, attention?.rawValue)) }
            }
            return (digest, notes)
        }
        var read = digest.0
        read.told = (run.ledger.path, digest.1)
        return read
    }
}

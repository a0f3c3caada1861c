import Foundation
import PrivacyBatch
import PrivacyBatchCore

extension CommandDocument {
    /// One run's digest in a `follow-up` document: counts and line numbers, never an email.
    struct RunDigestSection: Encodable {
        var run: String
        var endpoint: String
        /// Whether a person must look at this run now.
        var needsPerson: Bool
        /// Rows that need a person now, by reason (`invalid`, `rejected`, `failed`, `gave_up`, `archive_ready`,
        /// `overdue`, `at_risk`).
        var waiting: [String: Int]
        /// Rows no earlier digest told about, by reason: their count and the first lines.
        var new: [String: [Int]]
        var newCount: Int
        /// Requests with a deadline by state (`met`, `open`, `at_risk`, `overdue`, `missed`).
        var deadlines: [String: Int]
        /// What the pass did (absent when it did nothing to the run).
        var pass: [String: Int]?
        /// Why the run could not be followed.
        var problem: String?
        /// Why the run was left to another process this time (not a problem: no exit 1).
        var skipped: String?
        /// When the run next has something due (ISO-8601), absent when nothing is left to follow.
        var nextWakeUp: String?
        /// When the run's next rows are minimised (ISO-8601), absent when none are due to be.
        var nextMinimisation: String?

        init(_ digest: RunDigest) {
            run = digest.run
            endpoint = digest.endpoint
            needsPerson = digest.needsAPerson
            waiting = Dictionary(uniqueKeysWithValues: digest.waiting.map { ($0.key.rawValue, $0.value) })
            new = Dictionary(uniqueKeysWithValues: digest.newLines.map { ($0.key.rawValue, $0.value) })
            newCount = digest.newCount
            deadlines = Dictionary(uniqueKeysWithValues: digest.deadlines.map { ($0.key.rawValue, $0.value) })
            if let tally = digest.tally, !tally.isEmpty {
                pass = [
                    "refreshed": tally.refreshed, "unknown": tally.unknown, "queriesFailed": tally.queriesFailed,
                    "reopened": tally.reopened, "superseded": tally.superseded, "gaveUp": tally.gaveUp,
                    "sent": tally.sent, "notSent": tally.notSent, "archivesSaved": tally.archivesSaved,
                    "archivesFailed": tally.archivesFailed, "archivesDeleted": tally.archivesDeleted,
                    "archivesWithoutRecipient": tally.archivesWithoutRecipient, "minimised": tally.minimised,
                    "minimisedPastMaximum": tally.minimisedPastMaximum, "gaveUpAtRetention": tally.gaveUpAtRetention,
                ]
            }
            problem = digest.problem
            skipped = digest.skipped
            nextWakeUp = digest.nextWakeUp.map(Timestamp.string)
            nextMinimisation = digest.nextMinimisation.map(Timestamp.string)
        }
    }
}

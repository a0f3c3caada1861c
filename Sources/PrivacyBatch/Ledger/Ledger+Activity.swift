import GRDB

/// A span of a run's time and what happened in it, for the run page's chart.
public struct ActivityBucket: Sendable, Equatable {
    /// The bucket's start, as the ISO-8601 prefix it groups by (e.g. `2026-12-01T18:30`).
    public var start: String
    /// Start requests sent for rows whose answer falls in the bucket (every attempt counts).
    public var requests: Int
    /// Tasks the tool learned were final (COMPLETED, FAILED or CANCELLED) in the bucket.
    public var completions: Int
}

extension Ledger {
    /// The run's activity over time, in at most about a hundred buckets of a second, a minute, an hour or a day.
    ///
    /// It is computed from the rows' own timestamps (`submittedAt`, or `updatedAt` for a row never accepted,
    /// and `updatedAt` of final tasks), so it costs no bookkeeping while the run works.
    public func activity() throws -> [ActivityBucket] {
        try database.read { db in
            let span = try Row.fetchOne(
                db,
                sql: """
                    SELECT MIN(COALESCE(submittedAt, updatedAt)) AS first, MAX(updatedAt) AS last
                    FROM row WHERE attempts > 0
                    """)
            let first: String? = span?["first"]
            let last: String? = span?["last"]
            guard let first, let last else { return [] }
            let width = Self.bucketWidth(from: first, to: last)
            var buckets: [String: ActivityBucket] = [:]
            let requests = try Row.fetchAll(
                db,
                sql: """
                    SELECT substr(COALESCE(submittedAt, updatedAt), 1, ?) AS bucket, SUM(attempts) AS n
                    FROM row WHERE attempts > 0 GROUP BY bucket
                    """,
                arguments: [width])
            for record in requests {
                let start: String = record["bucket"]
                buckets[start, default: .init(start: start, requests: 0, completions: 0)].requests = record["n"]
            }
            let completions = try Row.fetchAll(
                db,
                sql: """
                    SELECT substr(updatedAt, 1, ?) AS bucket, COUNT(*) AS n FROM row
                    WHERE state = 'SUBMITTED' AND taskStatus IN ('COMPLETED', 'FAILED', 'CANCELLED') GROUP BY bucket
                    """,
                arguments: [width])
            for record in completions {
                let start: String = record["bucket"]
                buckets[start, default: .init(start: start, requests: 0, completions: 0)].completions = record["n"]
            }
            return buckets.values.sorted { $0.start < $1.start }
        }
    }

    /// How many leading characters of an ISO-8601 timestamp make one bucket: seconds, minutes, hours or days.
    static func bucketWidth(from first: String, to last: String) -> Int {
        guard let start = Timestamp.date(from: first), let end = Timestamp.date(from: last) else { return 16 }
        let seconds = end.timeIntervalSince(start)
        switch seconds {
        case ..<120: return 19
        case ..<(120 * 60): return 16
        case ..<(5 * 86_400): return 13
        default: return 10
        }
    }
}

import GRDB

/// A span of a run's time and what happened in it, for the run page's chart.
public struct ActivityBucket: Sendable, Equatable {
    /// The bucket's start, in seconds since 1970 (UTC).
    public var start: Int
    /// Its length in seconds.
    public var seconds: Int
    /// API requests sent in the bucket (every attempt of every command, as the pacer counted them).
    public var requests: Int
    /// Of those, the answers that were `ThrottlingError`.
    public var throttled: Int
    /// Tasks the tool learned were final (COMPLETED, FAILED or CANCELLED) in the bucket.
    public var completions: Int
}

/// Requests and throttled answers per second, as a pacer counts them between two flushes to the ledger.
public typealias ActivityCounts = [Int: (requests: Int, throttled: Int)]

extension Ledger {
    /// Adds a pacer's counts per second (``RateLimiter/takeActivity()``) to the run's activity, one transaction.
    ///
    /// Only the run page reads them: they are not a change the reports' revision counts, and a crash between two
    /// flushes loses that stretch of the chart, nothing else.
    public func recordActivity(_ counts: ActivityCounts) async throws {
        guard !counts.isEmpty else { return }
        try await database.write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO activity (second, requests, throttled) VALUES (?, ?, ?)
                    ON CONFLICT (second) DO UPDATE SET
                        requests = requests + excluded.requests, throttled = throttled + excluded.throttled
                    """)
            for (second, count) in counts {
                try statement.execute(arguments: [second, count.requests, count.throttled])
            }
        }
    }
}

extension LedgerSnapshot {
    /// The run's activity over time in at most `limit` equal buckets: requests and throttled answers as the
    /// pacer recorded them, and tasks found final from the rows' own timestamps.
    public func activity(limit: Int = 96) throws -> [ActivityBucket] {
        var perSecond: [Int: (requests: Int, throttled: Int, completions: Int)] = [:]
        for record in try Row.fetchAll(db, sql: "SELECT second, requests, throttled FROM activity") {
            let second: Int = record["second"]
            perSecond[second, default: (0, 0, 0)].requests += record["requests"] as Int
            perSecond[second, default: (0, 0, 0)].throttled += record["throttled"] as Int
        }
        let completions = try Row.fetchAll(
            db,
            sql: """
                SELECT CAST(strftime('%s', updatedAt) AS INTEGER) AS second, COUNT(*) AS n FROM row
                WHERE state = 'SUBMITTED' AND taskStatus IN ('COMPLETED', 'FAILED', 'CANCELLED')
                  AND updatedAt IS NOT NULL
                GROUP BY second
                """)
        for record in completions {
            guard let second = record["second"] as Int? else { continue }
            perSecond[second, default: (0, 0, 0)].completions += record["n"] as Int
        }
        guard let first = perSecond.keys.min(), let last = perSecond.keys.max() else { return [] }
        let width = max(1, (last - first + limit) / limit)
        var buckets: [Int: ActivityBucket] = [:]
        for (second, count) in perSecond {
            let start = first + (second - first) / width * width
            var bucket =
                buckets[start]
                ?? ActivityBucket(start: start, seconds: width, requests: 0, throttled: 0, completions: 0)
            bucket.requests += count.requests
            bucket.throttled += count.throttled
            bucket.completions += count.completions
            buckets[start] = bucket
        }
        return buckets.values.sorted { $0.start < $1.start }
    }
}

import Foundation

/// Per-client token buckets on the simulator clock, refilled at the schedule's rate of the moment.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private let schedule: RateSchedule
    private let started: Date
    private let burst: Double
    private let buckets = Locked<[String: Bucket]>([:])

    /// A limiter whose quota follows `schedule`, counted from `started`.
    init(schedule: RateSchedule, burst: Int, started: Date) {
        self.schedule = schedule
        self.started = started
        self.burst = Double(max(burst, 1))
    }

    /// nil when the request may pass, else whole seconds to wait (at least 1).
    func admit(clientID: String, now: Date) -> Int? {
        let rate = schedule.rate(at: now.timeIntervalSince(started))
        return buckets.withLock { table in
            var bucket = table[clientID] ?? Bucket(tokens: burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
            bucket.updated = now
            defer { table[clientID] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}

import Foundation
import PrivacyBatchAPI
import PrivacyBatchLedger

/// The run's one pacer: an `AdaptivePacer` shared by every task that calls the API, with the waiting around it.
///
/// All decisions live in the value; this actor only reads the clock, hands out slots and sleeps until
/// them, returning at once when the run stops or the task is cancelled.
public actor RateLimiter {
    private var pacer: AdaptivePacer
    /// Requests and throttled answers per second since the last ``takeActivity()``, for the run page.
    private var activity: ActivityCounts = [:]

    /// Creates a limiter whose first request may leave now.
    public init(configuration: AdaptivePacer.Configuration) {
        pacer = AdaptivePacer(configuration: configuration, now: .now)
    }

    /// The rate in force now, in requests per second.
    public var currentRate: Double { pacer.rate }

    /// Waits for the caller's slot and returns its instant, or `nil` when `stop` is raised or the task is
    /// cancelled first (the request must then not be sent).
    ///
    /// A slot reserved before a cut of the rate was spaced for a rate the API has just refused: the caller
    /// then waits for a new one, so the first request after a throttle already goes at the lower rate.
    public func acquire(stop: StopSignal? = nil) async -> ContinuousClock.Instant? {
        while true {
            let cuts = pacer.cuts
            let slot = pacer.reserve(now: .now)
            if slot > .now {
                if let stop {
                    guard await stop.sleep(until: slot) else { return nil }
                } else {
                    guard (try? await Task.sleep(until: slot, clock: .continuous)) != nil else { return nil }
                }
            }
            if stop?.isStopped == true || Task.isCancelled { return nil }
            if pacer.cuts == cuts { return slot }
        }
    }

    /// Records the answer to a request sent at `sentAt`.
    public func record(_ answer: AdaptivePacer.Answer, sentAt: ContinuousClock.Instant) {
        let before = pacer.rate
        pacer.record(answer, sentAt: sentAt, now: .now)
        let second = Int(Date().timeIntervalSince1970)
        activity[second, default: (0, 0)].requests += 1
        if case .throttled = answer { activity[second, default: (0, 0)].throttled += 1 }
        // Cuts are the rate changes worth a `--verbose` line; regrowth moves a little on every answer.
        if pacer.rate < before {
            RequestLog.rateChanged(from: before, to: pacer.rate, throttled: pacer.throttled, requests: pacer.requests)
        }
    }

    /// Hands over the counts per second recorded since the last call, to be kept in the ledger.
    public func takeActivity() -> ActivityCounts {
        defer { activity = [:] }
        return activity
    }

    /// Requests, throttled answers and the rate so far.
    public func summary() -> PacingSummary {
        PacingSummary(
            requests: pacer.requests, throttled: pacer.throttled, finalRate: pacer.rate,
            ceiling: pacer.configuration.ceiling)
    }
}

/// Decides when a watch rewrites the reports between rounds, so that at most a set share of its time goes
/// to them.
///
/// Reports are rewritten whole, which takes seconds for a million-row run, while a sandbox watch can finish
/// a round every half second. After a rewrite that took `d`, the next waits until `d / share` has passed
/// since the first began: a small run's reports follow every round, a large run's every few tens of seconds.
/// The command writes them once more when the watch ends.
public struct ReportThrottle: Sendable {
    /// The largest share of the watch's time spent rewriting reports.
    public let share: Double
    private var nextWrite: ContinuousClock.Instant?

    /// Creates a throttle that lets rewrites take at most `share` (between 0 and 1) of the time.
    public init(share: Double = 0.1) {
        self.share = min(max(share, 0.001), 1)
    }

    /// Whether the reports should be rewritten at `now`; the first time, they always are.
    public func isDue(at now: ContinuousClock.Instant) -> Bool {
        nextWrite.map { now >= $0 } ?? true
    }

    /// Records a rewrite that ran from `start` to `end`.
    public mutating func wrote(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant) {
        nextWrite = start + (end - start) * (1 / share)
    }
}

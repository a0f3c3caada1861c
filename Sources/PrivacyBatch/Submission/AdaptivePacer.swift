import Foundation

/// The pacing decisions of a run as a pure value: which instant each request may leave at, and how the
/// rate follows the API's answers. It never reads a clock; every call is given `now`, so tests drive it
/// with made-up instants and the `RateLimiter` actor around it only waits.
///
/// The API's quota is not published, so the pacer finds it the way TCP and the AWS SDKs' adaptive
/// retry mode find a link's capacity:
/// - **Slow start.** From `initialRate` the rate doubles every round trip (or every two requests when
///   round trips are shorter than that), so a high quota is reached within a second or two.
///   Growth waits for the sends of the last tenth of a second to keep up, not for the half-second average,
///   which a ramp that doubles every round trip leaves far behind.
/// - **Multiplicative decrease.** A throttled answer cuts the rate to β × the *measured* send rate (halved
///   on leaving slow start, where a ramp overshoots most and the rate is measured over its last sends, and when
///   nothing sent since the last cut got through). A lone throttle after many admitted answers keeps more, as
///   DCTCP cuts by the share of marked packets: `1 - loneThrottleAnswers / admitted`, up to `loneThrottleBeta`.
///   Only a request sent at least a round trip after the last cut can cut again, so one overshoot counts once.
///   Two bounds keep a burst the API allowed from passing for its quota: while throttles keep coming, the rate
///   it admitted since they began (a token bucket that has run dry admits exactly its quota), and one request per
///   gap between the last admitted answer and the send of the throttled request (a bucket that found no token
///   in that gap refills slower than that). At a slow quota (at most 30 requests admitted since the last cut, 2 s
///   or more ago), the rate admitted since that cut, plus a token, bounds it too: the bucket was dry at both cuts.
///   A slot reserved before a cut is not used: `cuts` tells the waiter.
/// - **Cubic regrowth.** After a cut the rate climbs back along CUBIC's curve: fast at first, flat near the
///   rate that was throttled, then probing beyond it. Well past that rate, or on its plateau for `plateau` seconds
///   and `plateauRequests` requests, with no throttle, slow start resumes, so a quota that went up is found again.
///   A recovery spends at least `recoveryRequests` requests, so a slow quota is probed seldom.
/// - **`Retry-After`.** A hint longer than `shortHint` (the one-second floor of the header says only "soon")
///   holds every request until it has passed; the throttled request itself always waits for its hint.
/// - **Ceiling.** With `ceiling` set (`--rate`) the rate starts there and never exceeds it.
public struct AdaptivePacer: Sendable {
    /// An instant on the run's clock.
    public typealias Instant = ContinuousClock.Instant

    /// The tunables; the defaults are the CLI's.
    public struct Configuration: Sendable, Equatable {
        /// Requests per second never exceeded (`--rate`); the quota is found from `initialRate` when nil.
        public var ceiling: Double?
        /// Requests per second of the first requests when there is no ceiling.
        public var initialRate: Double
        /// Requests that may leave back to back after a quiet spell.
        public var burst: Int
        /// The share of the measured send rate kept after a throttle.
        public var beta: Double = 0.85
        /// The share kept, at most, on a throttle after many admitted answers: `1 - loneThrottleAnswers / admitted`
        /// when that is above `beta`, so a lone throttle among hundreds of answers costs a few percent.
        public var loneThrottleBeta: Double = 0.97
        /// See `loneThrottleBeta`.
        public var loneThrottleAnswers: Int = 8
        /// Seconds behind the schedule, at most, that a caller makes up at twice the rate (with a burst of 1 and no
        /// ceiling: `--rate` stays a ceiling over any stretch of time).
        public var makeUp: Double = 0.02
        /// The share kept on the first throttle of slow start (TCP's halving).
        public var slowStartBeta: Double = 0.5
        /// The rate never goes below this (one request per 20 s).
        public var minimumRate: Double = 0.05
        /// Seconds, at least, that regrowth takes back to the throttled rate.
        public var minimumRecovery: Double = 2
        /// Requests, at least, that regrowth spends getting back to the throttled rate: a slow quota is probed
        /// seldom, so throttled answers stay a small share of all requests.
        public var recoveryRequests: Double = 60
        /// Seconds, at most, that regrowth takes back to the throttled rate.
        public var maximumRecovery: Double = 60
        /// Seconds past the end of a recovery without a throttle after which slow start resumes.
        public var plateau: Double = 3
        /// Requests, at least, spent past the end of a recovery before slow start resumes: a probe above a
        /// slow quota costs a throttled answer or two, so it comes seldom.
        public var plateauRequests: Double = 20
        /// A `Retry-After` up to this many seconds delays only the throttled request.
        public var shortHint: Double = 1
        /// No `Retry-After` pauses everyone longer than this many seconds.
        public var maximumPause: Double = 60

        /// The CLI's starting rate without `--rate`.
        public static let defaultInitialRate = 10.0

        /// Creates a configuration.
        public init(ceiling: Double? = nil, initialRate: Double = Self.defaultInitialRate, burst: Int = 1) {
            self.ceiling = ceiling
            self.initialRate = initialRate
            self.burst = max(1, burst)
        }
    }

    /// How a request ended, as far as pacing is concerned.
    public enum Answer: Sendable, Equatable {
        /// The API let the request through (whatever it answered).
        case admitted
        /// The API throttled it, with its `Retry-After` in seconds when it gave one.
        case throttled(retryAfter: Double?)
        /// No answer came (a dropped connection, a 5xx): it counts as a request and says nothing of the quota.
        case failed
    }

    /// The configuration the pacer runs with.
    public let configuration: Configuration
    /// The rate in force, in requests per second.
    public private(set) var rate: Double
    /// Whether the pacer is still doubling its rate towards the first throttle.
    public private(set) var inSlowStart = true
    /// Answers recorded so far.
    public private(set) var requests = 0
    /// Throttled answers among them.
    public private(set) var throttled = 0
    /// Cuts of the rate so far: a slot reserved before the latest one was spaced for a rate found too high.
    public private(set) var cuts = 0

    private var nextSlot: Instant
    /// When the latest reserved request leaves: a made-up slot leaves half an interval after it at the earliest.
    private var lastSend: Instant?
    private var pausedUntil: Instant?
    private var lastDecrease: Instant?
    private var recoveryStart: Instant
    private var throttledRate: Double
    private var cutRate: Double
    private var sends = SendHistory(capacity: sendsKept)
    private var smoothedRoundTrip: Double?
    private var roundTripVariation = 0.0
    private var throttleEpisode: (start: Instant, last: Instant, admitted: Int)?
    private var admittedSinceCut = 0
    /// When the latest admitted answer came: a throttled request sent a gap after it had at most a gap's worth
    /// of tokens to find, so the quota is below one request per gap.
    private var lastAdmittedAnswer: Instant?
    /// When the first request throttled since that answer was sent.
    private var throttleStreakStart: Instant?

    /// Creates a pacer whose first request may leave at `now`.
    public init(configuration: Configuration, now: Instant) {
        self.configuration = configuration
        rate = configuration.ceiling ?? configuration.initialRate
        nextSlot = now
        recoveryStart = now
        throttledRate = rate
        cutRate = rate
        admittedSinceCut = 0
    }

    /// Reserves the next free slot and returns its instant: on an absolute schedule, so waking late
    /// never accumulates drift. After a quiet spell up to `burst` slots are free at once.
    ///
    /// With a burst of 1, half an interval of lateness is made up, so a loaded machine's late wake-ups do not lower
    /// the rate. Without a ceiling, a caller that fell further behind (a ledger commit, a read of the input: a few
    /// milliseconds, several intervals at 500/s) makes up to `makeUp` seconds of it, at twice the rate rather than
    /// back to back: on a 2-core machine at 500/s such stalls cost about a twentieth of the slots.
    public mutating func reserve(now: Instant) -> Instant {
        let interval = Duration.seconds(1 / rate)
        let makesUp = configuration.burst == 1 && configuration.ceiling == nil
        let allowance =
            configuration.burst > 1
            ? interval * (configuration.burst - 1)
            : makesUp ? max(interval / 2, .seconds(configuration.makeUp)) : interval / 2
        var slot = max(nextSlot, now - allowance)
        // Where the schedule stands: a slot made up later than it still advances it by one interval.
        var scheduled = slot
        if makesUp, let lastSend, slot < lastSend + interval / 2 { slot = lastSend + interval / 2 }
        if let pausedUntil, pausedUntil > slot {
            slot = pausedUntil
            scheduled = pausedUntil
        }
        nextSlot = scheduled + interval
        lastSend = max(slot, now)
        sends.record(slot)
        return slot
    }

    /// Records the answer to a request sent at `sentAt` and adapts the rate.
    public mutating func record(_ answer: Answer, sentAt: Instant, now: Instant) {
        requests += 1
        switch answer {
        case .admitted:
            observeRoundTrip(seconds(now - sentAt))
            if let episode = throttleEpisode { throttleEpisode?.admitted = episode.admitted + 1 }
            if lastDecrease.map({ sentAt >= $0 }) ?? true { admittedSinceCut += 1 }
            lastAdmittedAnswer = max(lastAdmittedAnswer ?? now, now)
            throttleStreakStart = nil
            grow(now: now)
        case .throttled(let retryAfter):
            throttled += 1
            throttleStreakStart = min(throttleStreakStart ?? sentAt, sentAt)
            decrease(sentAt: sentAt, now: now)
            if let retryAfter, retryAfter > configuration.shortHint {
                let until = now + .seconds(min(retryAfter, configuration.maximumPause))
                pausedUntil = max(pausedUntil ?? until, until)
            }
        case .failed:
            break
        }
    }

    /// Requests admitted since the last cut up to which their rate bounds the next cut.
    private static let fewAdmitted = 30

    /// Sends remembered for `measuredSendRate`: half a second's worth at 2,000/s.
    private static let sendsKept = 1_024

    /// Requests per second actually sent over the last half second (or 16 sends, within 2 s; nil before two
    /// sends): lower than `rate` when the work or the concurrency bound holds the run back. Half a second
    /// smooths over the client's own scheduling hiccups, so one stall does not pass for a low rate.
    public func measuredSendRate(now: Instant) -> Double? {
        sends.rate(now: now, sends: 16, window: .milliseconds(500))
    }

    /// Requests per second over the last tenth of a second (or the last `count` sends, within 2 s): a ramp that
    /// doubles every round trip leaves the half-second average far behind.
    private func recentSendRate(now: Instant, sends count: Int) -> Double? {
        sends.rate(now: now, sends: count, window: .milliseconds(100))
    }

    private mutating func grow(now: Instant) {
        let measured = recentSendRate(now: now, sends: 8) ?? rate
        var next: Double
        if inSlowStart {
            let perRoundTrip = max(2, rate * (smoothedRoundTrip ?? 0.05))
            next = rate * pow(2, 1 / perRoundTrip)
        } else {
            let recovery = min(
                configuration.maximumRecovery,
                max(configuration.minimumRecovery, configuration.recoveryRequests / throttledRate))
            let sinceCut = seconds(now - recoveryStart)
            let elapsed = sinceCut / recovery
            // Far past the throttled rate, or long on its plateau, with no throttle: the quota went up.
            let plateau = max(configuration.plateau, configuration.plateauRequests / throttledRate)
            if elapsed > 2.5 || sinceCut > recovery + plateau {
                inSlowStart = true
                next = rate
            } else {
                // CUBIC: W(t) = Wmax + (Wmax - Wcut)(t/K - 1)^3, from the cut rate at t = 0 to Wmax at t = K.
                let offset = elapsed - 1
                next = throttledRate + (throttledRate - cutRate) * offset * offset * offset
            }
        }
        // A rate far above what was actually sent has never been tested against the API: growth waits
        // for the work (or the concurrency bound) to catch up.
        if next > rate { next = min(next, max(rate, 2 * measured)) }
        rate = bounded(next)
    }

    private mutating func decrease(sentAt: Instant, now: Instant) {
        if let episode = throttleEpisode, now - episode.last <= .seconds(2) {
            throttleEpisode?.last = now
        } else {
            throttleEpisode = (start: now, last: now, admitted: 0)
        }
        // A token bucket that admitted a request and then throttled one sent a gap after that answer gained at
        // least the gap's worth of tokens in between and still had less than one: the quota is below 1 / gap.
        // Only while throttled requests filled most of the gap: after a quiet spell, a first throttle more likely
        // means someone else spent the tokens than a quota that slow.
        var gapBound = Double.infinity
        if let lastAdmittedAnswer, let throttleStreakStart, sentAt > lastAdmittedAnswer,
            throttleStreakStart - lastAdmittedAnswer < sentAt - throttleStreakStart
        {
            gapBound = 1 / seconds(sentAt - lastAdmittedAnswer)
        }
        // A request sent within a round trip of the last cut raced the requests sent before it: same overshoot.
        if let lastDecrease, sentAt < lastDecrease + .seconds(roundTripWindow) { return }
        // Slow start overshoots within its last round trips, which the half-second average hardly sees yet.
        let measured = inSlowStart ? recentSendRate(now: now, sends: 16) : measuredSendRate(now: now)
        var basis = min(rate, measured ?? rate)
        basis = min(basis, gapBound)
        // Between two cuts the bucket was dry at both ends, so it admitted its quota in between, give or take a
        // token; less if it filled up meanwhile, which makes this bound too low. Only where few requests went
        // through since the cut: there a throttle costs as much as a row, and the bias costs a few rows at most.
        if !inSlowStart, let lastDecrease, admittedSinceCut <= Self.fewAdmitted {
            let span = seconds(now - lastDecrease)
            if span >= 2 { basis = min(basis, Double(admittedSinceCut + 1) / span) }
        }
        if let episode = throttleEpisode, episode.admitted >= 4 {
            let span = seconds(now - episode.start)
            if span > 0 { basis = min(basis, Double(episode.admitted) / span) }
        }
        // Nothing sent since the last cut got through: that cut fell far short, so this one halves like slow start's.
        var beta = inSlowStart || admittedSinceCut == 0 ? configuration.slowStartBeta : configuration.beta
        // DCTCP's insight for a lone throttle: one refusal after many admitted answers says the rate is only just
        // above what the API takes (or that latency jitter bunched a few requests), not that it is 15% too high.
        if !inSlowStart, admittedSinceCut > 0 {
            let share = Double(configuration.loneThrottleAnswers) / Double(admittedSinceCut)
            beta = max(beta, min(configuration.loneThrottleBeta, 1 - share))
        }
        throttledRate = bounded(basis)
        rate = bounded(beta * basis)
        cutRate = rate
        admittedSinceCut = 0
        inSlowStart = false
        cuts += 1
        lastDecrease = now
        recoveryStart = now
    }

    private mutating func observeRoundTrip(_ sample: Double) {
        guard let smoothed = smoothedRoundTrip else {
            smoothedRoundTrip = sample
            roundTripVariation = sample / 2
            return
        }
        roundTripVariation = 0.75 * roundTripVariation + 0.25 * abs(smoothed - sample)
        smoothedRoundTrip = 0.875 * smoothed + 0.125 * sample
    }

    /// TCP's retransmission timeout: a round trip with room for its jitter, capped at a second.
    private var roundTripWindow: Double {
        min(1, (smoothedRoundTrip ?? 0.05) + 4 * roundTripVariation)
    }

    private func bounded(_ value: Double) -> Double {
        let floor = min(configuration.minimumRate, configuration.ceiling ?? .infinity)
        return min(configuration.ceiling ?? .infinity, max(floor, value))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

import PrivacyAPISimulator

@testable import PrivacyBatch

/// A run against a throttling API on a virtual clock, for the pacer's behaviour over whole minutes without
/// a second of waiting: the API is a token bucket (its quota following a schedule, `burst` tokens, full at
/// the start) behind a seeded random latency, and the client is the run's loop around one `AdaptivePacer`.
///
/// The loop mirrors `PacedDispatcher`, `RateLimiter` and `RetryingCaller`: a row takes one of `concurrency`
/// places, waits for a slot (a new one when the rate was cut meanwhile), is sent, and after a throttled answer
/// waits `retryDelay` (the simulator's `Retry-After` of 1 s) and a slot again. Everything is a pure function of the parameters, so what a test asserts is behaviour.
struct QuotaModel {
    /// A quota step: from `second` on, `rate` requests per second.
    struct Step {
        var second: Double
        var rate: Double
    }

    /// What a modeled run did.
    struct Outcome {
        /// Rows admitted.
        var rows = 0
        /// Requests answered, retries included.
        var requests = 0
        /// Throttled answers among them.
        var throttled = 0
        /// Requests the quota allowed over the run (its integral, the burst not included).
        var allowed = 0.0
        /// The pacer's rate at the end.
        var finalRate = 0.0
        /// Per whole second of the run (and one for the answers after it): the pacer's rate at its end, rows admitted and throttled answers in it.
        var seconds: [(rate: Double, rows: Int, throttled: Int)] = []

        /// Rows per second over what the quota allowed.
        var share: Double { Double(rows) / allowed }
        /// Requests each admitted row cost.
        var requestsPerRow: Double { Double(requests) / Double(max(rows, 1)) }
    }

    var schedule: [Step]
    var seconds = 60.0
    var burst = 10
    /// Milliseconds between a send and its answer; the bucket decides at the answer.
    var latency: ClosedRange<Double> = 20...60
    var concurrency = 64
    /// Seconds a throttled row waits before it asks for a slot again.
    var retryDelay = 1.0
    /// Whether a row waiting out a `Retry-After` keeps its place among the `concurrency`, as in
    /// `PacedDispatcher`, whose bound counts rows, not requests; false models a bound on requests in flight.
    var waitingHoldsItsPlace = true
    var seed: UInt64 = 1
    var configuration = AdaptivePacer.Configuration()

    /// A fixed quota.
    init(quota: Double, seconds: Double = 60) {
        schedule = [Step(second: 0, rate: quota)]
        self.seconds = seconds
    }

    /// A quota that changes.
    init(schedule: [Step], seconds: Double) {
        self.schedule = schedule
        self.seconds = seconds
    }

    private enum Event {
        /// The dispatcher may take the next row.
        case dispatch
        /// A request reaches the API (and is answered at once).
        case arrive(sentAt: Double, retries: Int)
        /// A throttled row asks for a slot again.
        case retry(retries: Int)
        /// A row's slot has come: it is sent unless the rate was cut while it waited.
        case slot(cuts: Int, retries: Int, fromDispatcher: Bool)
    }

    private func quota(at second: Double) -> Double {
        schedule.last { $0.second <= second }?.rate ?? schedule[0].rate
    }

    private func allowed(until end: Double) -> Double {
        var total = 0.0
        for (index, step) in schedule.enumerated() where step.second < end {
            let stepEnd = min(end, index + 1 < schedule.count ? schedule[index + 1].second : end)
            total += (stepEnd - step.second) * step.rate
        }
        return total
    }

    /// Runs the model and returns what it did.
    func run() -> Outcome {
        let origin = ContinuousClock.now
        func instant(_ second: Double) -> ContinuousClock.Instant { origin + .seconds(second) }
        func second(_ instant: ContinuousClock.Instant) -> Double {
            let duration = instant - origin
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        var pacer = AdaptivePacer(configuration: configuration, now: instant(0))
        var random = SplitMix64(seed: seed)
        var events = EventQueue<Event>()
        var tokens = Double(burst)
        var refilled = 0.0
        var busy = 0
        var dispatcherWaits = false
        var waitingRetries: [Int] = []
        var outcome = Outcome()
        outcome.seconds = Array(repeating: (0, 0, 0), count: Int(seconds.rounded(.up)) + 1)
        events.push(.dispatch, at: 0)
        // A row asks the pacer for a slot (as `RateLimiter.acquire`), giving up its place when the run ends first.
        func reserveSlot(now: Double, retries: Int, fromDispatcher: Bool) {
            let cuts = pacer.cuts
            let slot = max(now, second(pacer.reserve(now: instant(now))))
            guard slot < seconds else {
                busy -= 1
                return
            }
            events.push(.slot(cuts: cuts, retries: retries, fromDispatcher: fromDispatcher), at: slot)
        }
        while let (now, event) = events.pop() {
            let current = min(Int(now), outcome.seconds.count - 1)
            defer { outcome.seconds[current].rate = pacer.rate }
            switch event {
            case .dispatch:
                guard now < seconds else { continue }
                guard busy < concurrency else {
                    dispatcherWaits = true
                    continue
                }
                let cuts = pacer.cuts
                let slot = max(now, second(pacer.reserve(now: instant(now))))
                guard slot < seconds else { continue }
                busy += 1
                events.push(.slot(cuts: cuts, retries: 0, fromDispatcher: true), at: slot)
            case .retry(let retries):
                if !waitingHoldsItsPlace {
                    guard busy < concurrency else {
                        waitingRetries.append(retries)
                        continue
                    }
                    busy += 1
                }
                reserveSlot(now: now, retries: retries, fromDispatcher: false)
            case .slot(let cuts, let retries, let fromDispatcher):
                if cuts != pacer.cuts {
                    reserveSlot(now: now, retries: retries, fromDispatcher: fromDispatcher)
                    continue
                }
                let milliseconds = latency.lowerBound + random.nextUnit() * (latency.upperBound - latency.lowerBound)
                events.push(.arrive(sentAt: now, retries: retries), at: now + milliseconds / 1_000)
                if fromDispatcher { events.push(.dispatch, at: now) }
            case .arrive(let sentAt, let retries):
                tokens = min(Double(burst), tokens + (now - refilled) * quota(at: now))
                refilled = now
                outcome.requests += 1
                if tokens >= 1 {
                    tokens -= 1
                    outcome.rows += 1
                    outcome.seconds[current].rows += 1
                    pacer.record(.admitted, sentAt: instant(sentAt), now: instant(now))
                    busy -= 1
                } else {
                    outcome.throttled += 1
                    outcome.seconds[current].throttled += 1
                    pacer.record(.throttled(retryAfter: 1), sentAt: instant(sentAt), now: instant(now))
                    busy -= 1
                    if retries + 1 < 50 {
                        if waitingHoldsItsPlace { busy += 1 }
                        events.push(.retry(retries: retries + 1), at: now + retryDelay)
                    }
                }
                // A freed place goes to a row waiting to retry first, then to the dispatcher.
                if busy < concurrency, !waitingRetries.isEmpty {
                    events.push(.retry(retries: waitingRetries.removeFirst()), at: now)
                } else if dispatcherWaits, busy < concurrency {
                    dispatcherWaits = false
                    events.push(.dispatch, at: now)
                }
            }
        }
        outcome.allowed = allowed(until: seconds)
        outcome.finalRate = pacer.rate
        return outcome
    }
}

/// Events in time order; equal times in the order pushed.
private struct EventQueue<Event> {
    private typealias Entry = (time: Double, order: Int, event: Event)
    private var heap: [Entry] = []
    private var pushed = 0

    mutating func push(_ event: Event, at time: Double) {
        heap.append((time, pushed, event))
        pushed += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard earlier(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, earlier(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, earlier(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.time, top.event)
    }

    private func earlier(_ lhs: Entry, _ rhs: Entry) -> Bool {
        lhs.time < rhs.time || (lhs.time == rhs.time && lhs.order < rhs.order)
    }
}

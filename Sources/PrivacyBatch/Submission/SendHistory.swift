/// The instants of a pacer's latest slots, newest last: a fixed ring, so recording one costs no copy.
///
/// A slot is recorded when it is reserved, so the newest ones may still lie ahead: a rate measured at `now` counts
/// only the slots reached by then.
struct SendHistory: Sendable {
    typealias Instant = ContinuousClock.Instant

    private var slots: [Instant] = []
    /// Where the next slot is written once the ring is full.
    private var next = 0
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(2, capacity)
        slots.reserveCapacity(self.capacity)
    }

    mutating func record(_ slot: Instant) {
        if slots.count < capacity {
            slots.append(slot)
        } else {
            slots[next] = slot
            next = (next + 1) % capacity
        }
    }

    /// Requests per second over the slots reached by `now`: the last `window`, or the last `sends` of them when
    /// the window holds fewer, going back at most 2 s. Nil before two slots.
    func rate(now: Instant, sends: Int, window: Duration) -> Double? {
        var count = 0
        var first: Instant?
        let total = slots.count
        for step in 0..<total {
            // Newest first.
            let slot = slots[(next + total - 1 - step) % total]
            if slot > now { continue }
            let age = now - slot
            if age > .seconds(2) || (count >= sends && age > window) { break }
            count += 1
            first = slot
        }
        guard let first, count >= 2 else { return nil }
        let elapsed = (now - first).components
        let span = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return span > 0 ? (Double(count) - 0.5) / span : nil
    }
}

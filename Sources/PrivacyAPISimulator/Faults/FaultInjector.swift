/// Seeded decisions about latency, 5xx faults and dropped connections.
final class FaultInjector: Sendable {
    /// What to do to one request.
    enum Decision: Sendable, Equatable {
        case none
        case fault(status: Int)
        case dropBefore
        case dropAfter
    }

    private let generator: Locked<SplitMix64>
    private let faultRate: Double
    private let dropRate: Double
    private let latency: ClosedRange<Int>?

    init(seed: UInt64, faultRate: Double, dropRate: Double, latency: ClosedRange<Int>?) {
        generator = Locked(SplitMix64(seed: seed))
        self.faultRate = faultRate
        self.dropRate = dropRate
        self.latency = latency
    }

    var isActive: Bool { faultRate > 0 || dropRate > 0 || latency != nil }

    func latencyMilliseconds() -> Int? {
        guard let latency else { return nil }
        return generator.withLock { Int.random(in: latency, using: &$0) }
    }

    func decide() -> Decision {
        guard faultRate > 0 || dropRate > 0 else { return .none }
        return generator.withLock { rng in
            if dropRate > 0, rng.nextUnit() < dropRate {
                return rng.nextUnit() < 0.5 ? .dropBefore : .dropAfter
            }
            if faultRate > 0, rng.nextUnit() < faultRate {
                return .fault(status: rng.nextUnit() < 0.5 ? 500 : 503)
            }
            return .none
        }
    }
}

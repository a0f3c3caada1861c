/// A quota that changes during a run: from each step's second (since the simulator started) on, its rate.
///
/// Written `0=40,20=10,40=40` on the command line: 40 requests per second for 20 s, then 10, then 40 again.
public struct RateSchedule: Sendable, Equatable, CustomStringConvertible {
    /// One step: from `second` on, `rate` requests per second.
    public struct Step: Sendable, Equatable {
        /// Seconds since the simulator started.
        public var second: Double
        /// Requests per second per client.
        public var rate: Double

        /// Creates a step.
        public init(second: Double, rate: Double) {
            self.second = second
            self.rate = rate
        }
    }

    /// The steps, by increasing second, the first at 0.
    public let steps: [Step]

    /// Creates a schedule; throws a `SimulatorError` naming the problem when the steps do not make one.
    public init(_ steps: [Step]) throws(SimulatorError) {
        guard let first = steps.first, first.second == 0 else {
            throw .invalidConfiguration("a rate schedule must start with a step at second 0, e.g. 0=40,20=10")
        }
        for (index, step) in steps.enumerated() {
            guard step.rate > 0, step.rate.isFinite else {
                throw .invalidConfiguration("rate schedule step \(index + 1): the rate must be a positive number")
            }
            if index > 0, !(step.second > steps[index - 1].second) || !step.second.isFinite {
                throw .invalidConfiguration("rate schedule step \(index + 1): seconds must increase from step to step")
            }
        }
        self.steps = steps
    }

    /// Parses `SECONDS=RATE,SECONDS=RATE,...`.
    public init(parsing text: String) throws(SimulatorError) {
        var steps: [Step] = []
        for (index, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let pair = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, let second = Double(pair[0]), let rate = Double(pair[1]) else {
                throw .invalidConfiguration(
                    "rate schedule step \(index + 1) '\(part)' is not SECONDS=RATE (e.g. 0=40,20=10,40=40)")
            }
            steps.append(Step(second: second, rate: rate))
        }
        try self.init(steps)
    }

    /// The rate in force `elapsed` seconds after the start.
    public func rate(at elapsed: Double) -> Double {
        steps.last { $0.second <= elapsed }?.rate ?? steps[0].rate
    }

    /// The quota's integral from 0 to `elapsed`: the requests it allowed over that time.
    public func allowed(until elapsed: Double) -> Double {
        var total = 0.0
        for (index, step) in steps.enumerated() where step.second < elapsed {
            let end = index + 1 < steps.count ? min(steps[index + 1].second, elapsed) : elapsed
            total += (end - step.second) * step.rate
        }
        return total
    }

    /// The schedule as the command line writes it.
    public var description: String {
        steps.map { "\(format($0.second))=\(format($0.rate))" }.joined(separator: ",")
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

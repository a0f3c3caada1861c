import ArgumentParser
import Foundation
import PrivacyBatch

/// How hard to push the API: rate, burst, concurrency, retries, circuit breaker.
struct SubmissionOptions: ParsableArguments {
    @Option(
        name: .customLong("rate"),
        help: """
            Requests per second never exceeded (default: PRIVACY_BATCH_RATE). Without it the pacer starts at \
            10/s and finds the API's quota from its throttling answers.
            """)
    var rateFlag: Double?

    @Option(help: "Requests that may leave back to back after a quiet spell (default 1: evenly spaced).")
    var burst: Int?

    @Option(
        name: .customLong("concurrency"),
        help: "Requests in flight at most (default: PRIVACY_BATCH_CONCURRENCY, else 8).")
    var concurrencyFlag: Int?

    /// The ceiling in force: the flag, else `PRIVACY_BATCH_RATE`, else none (the pacer finds the quota).
    var rate: Double? { rateFlag ?? Self.environment("PRIVACY_BATCH_RATE").flatMap(Double.init) }

    /// The concurrency in force: the flag, else `PRIVACY_BATCH_CONCURRENCY`, else 8.
    var concurrency: Int {
        concurrencyFlag ?? Self.environment("PRIVACY_BATCH_CONCURRENCY").flatMap(Int.init) ?? 8
    }

    private static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    @Option(help: "Attempts per row for transient failures, the first included.")
    var maxAttempts: Int = 6

    @Option(help: "Stop (resumably) when more than this share of the last 200 attempts failed transiently.")
    var maxFailureRate: Double = 0.5

    func validate() throws {
        // A default from the environment that does not parse is refused, never silently replaced.
        if rateFlag == nil, let text = Self.environment("PRIVACY_BATCH_RATE"), Double(text) == nil {
            throw ValidationError("PRIVACY_BATCH_RATE='\(text)' is not a number of requests per second")
        }
        if concurrencyFlag == nil, let text = Self.environment("PRIVACY_BATCH_CONCURRENCY"), Int(text) == nil {
            throw ValidationError("PRIVACY_BATCH_CONCURRENCY='\(text)' is not a whole number")
        }
        if let rate, !(rate > 0 && rate <= 10_000) {
            throw ValidationError("--rate must be above 0 and at most 10000")
        }
        if let burst, burst < 1 { throw ValidationError("--burst must be at least 1") }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 256") }
        guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts must be from 1 to 100") }
        guard maxFailureRate > 0, maxFailureRate <= 1 else {
            throw ValidationError("--max-failure-rate must be above 0 and at most 1")
        }
    }

    var settings: SubmissionSettings {
        SubmissionSettings(
            rate: rate,
            burst: burst,
            concurrency: concurrency,
            maxAttempts: maxAttempts,
            maxFailureRate: maxFailureRate
        )
    }

    /// The dry run's and the plan's time estimate: a fixed rate gives a duration, the pacer's found quota does not.
    func estimate(_ plan: RunPlan) -> String {
        if let rate { return "estimated time at \(rate)/s: \(formatDuration(plan.estimatedSeconds(rate: rate)))" }
        let initial = AdaptivePacer.Configuration.defaultInitialRate
        return
            "estimated time: found at run time (no --rate: the pacer starts at \(Int(initial))/s and finds the API's quota);"
            + " at 10/s \(formatDuration(plan.estimatedSeconds(rate: 10))), at 100/s \(formatDuration(plan.estimatedSeconds(rate: 100)))"
    }
}

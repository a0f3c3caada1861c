import ArgumentParser
import PrivacyBatch

/// How hard to push the API: rate, burst, concurrency, retries, circuit breaker.
struct SubmissionOptions: ParsableArguments {
    @Option(help: "Requests per second at most.")
    var rate: Double = 5

    @Option(help: "Requests allowed at once after a quiet spell (default: the rate, rounded up).")
    var burst: Int?

    @Option(help: "Requests in flight at most.")
    var concurrency: Int = 8

    @Option(help: "Attempts per row for transient failures, the first included.")
    var maxAttempts: Int = 6

    @Option(help: "Stop (resumably) when more than this share of the last 200 attempts failed transiently.")
    var maxFailureRate: Double = 0.5

    func validate() throws {
        guard rate > 0, rate <= 10_000 else { throw ValidationError("--rate must be above 0 and at most 10000") }
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
}

import AsyncHTTPClient
import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import Synchronization

/// How close the pacer comes to a quota it is not told: the simulator throttles at a fixed quota (or a
/// schedule) with 20–60 ms latency, the client runs without `--rate` for a fixed time, and the bench prints
/// the share of the quota turned into rows and the requests each row cost.
enum QuotaBenchmark {
    static func run(arguments: [String]) async throws {
        let seconds = Double(BenchSupport.option("--seconds", in: arguments) ?? "") ?? 60
        let only = BenchSupport.option("--only", in: arguments)
        let clientRate = BenchSupport.option("--client-rate", in: arguments).flatMap(Double.init)
        let concurrency = Int(BenchSupport.option("--concurrency", in: arguments) ?? "") ?? 64
        let trace = arguments.contains("--trace")
        let work = NSTemporaryDirectory() + "privacy-batch-bench-quota-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let third = (seconds / 3).rounded()
        var cases: [(name: String, schedule: RateSchedule)] = try [1.0, 5, 40, 150, 500].map {
            ("\(Int($0))/s", try RateSchedule([.init(second: 0, rate: $0)]))
        }
        cases.append(
            (
                "40/10/40",
                try RateSchedule([
                    .init(second: 0, rate: 40), .init(second: third, rate: 10), .init(second: 2 * third, rate: 40),
                ])
            ))
        // `--only 40` is the fixed 40/s, not the schedule that starts at 40.
        if let only { cases = cases.filter { $0.name == (only == "schedule" ? "40/10/40" : only + "/s") } }

        print(
            "== quota found by the pacer (simulator latency 20-60 ms, burst 10; client "
                + (clientRate.map { "--rate \($0)" } ?? "without --rate")
                + ", concurrency \(concurrency), \(Int(seconds)) s each)")
        print("| quota | share of quota achieved | requests per row | throttled | final rate |")
        print("| --- | --- | --- | --- | --- |")
        for (index, entry) in cases.enumerated() {
            let result = try await measure(
                schedule: entry.schedule, seconds: seconds, clientRate: clientRate, concurrency: concurrency,
                trace: trace, work: work + "/\(index)")
            print(
                String(
                    format: "| %@ | %.3f | %.3f | %d of %d | %.1f/s |", entry.name, result.share, result.requestsPerRow,
                    result.throttled, result.requests, result.finalRate))
        }
    }

    private struct Result {
        var share: Double
        var requestsPerRow: Double
        var requests: Int
        var throttled: Int
        var finalRate: Double
    }

    private static func measure(
        schedule: RateSchedule, seconds: Double, clientRate: Double?, concurrency: Int, trace: Bool, work: String
    ) async throws -> Result {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let peak = schedule.steps.map(\.rate).max() ?? 1
        let input = work + "/input.csv"
        try BenchSupport.generate(rows: Int(peak * seconds * 1.2) + 50, to: input)
        // The schedule counts from the simulator's start: the client starts right after it is listening.
        let simulator = try SimulatorProcess(
            latency: "20-60", extra: ["--rate-schedule", schedule.description])
        defer { simulator.stop() }
        let started = Date()
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let credentials = SimulatorCredentials.sandbox
        let api = APIConfiguration(
            endpoint: try APIEndpoint(simulator.baseURL),
            credentials: .clientCredentials(clientID: credentials.clientID, clientSecret: credentials.clientSecret),
            targetID: credentials.targetID
        )
        let client = PrivacyAPIClient(configuration: api, httpClient: httpClient)
        do {
            let batch = try await BatchRun.prepare(
                BatchRun.Request(
                    inputPath: input, reports: work + "/reports", newRun: true, endpoint: simulator.baseURL,
                    keyring: BenchSupport.keyring))
            let settings = SubmissionSettings(rate: clientRate, concurrency: concurrency)
            let stop = StopSignal()
            let caller = RetryingCaller(settings: settings, stop: stop)
            let accepted = Atomic<Int>(0)
            let clientStart = Date()
            let timer = Task {
                // With --trace, the pacer's state once a second on stderr, to see where a quota is lost.
                for second in 1...max(1, Int(seconds)) {
                    try? await Task.sleep(for: .seconds(1))
                    if trace {
                        let pacing = await caller.limiter.summary()
                        let line = String(
                            format: "  t=%d rate %.1f/s, %d requests, %d throttled, %d rows\n", second,
                            pacing.finalRate,
                            pacing.requests, pacing.throttled, accepted.load(ordering: .relaxed))
                        FileHandle.standardError.write(Data(line.utf8))
                    }
                }
                stop.stop(.interrupted(signal: 0))
            }
            _ = try await batch.execute(api: client, settings: settings, stop: stop, caller: caller) { answers in
                let count = answers.filter { if case .accepted = $0.result { true } else { false } }.count
                accepted.add(count, ordering: .relaxed)
            }
            timer.cancel()
            let elapsed = Date().timeIntervalSince(clientStart)
            let offset = clientStart.timeIntervalSince(started)
            let allowed = schedule.allowed(until: offset + elapsed) - schedule.allowed(until: offset)
            let pacing = await caller.limiter.summary()
            try await httpClient.shutdown()
            let rows = accepted.load(ordering: .relaxed)
            return Result(
                share: Double(rows) / allowed, requestsPerRow: Double(pacing.requests) / Double(max(rows, 1)),
                requests: pacing.requests, throttled: pacing.throttled, finalRate: pacing.finalRate)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}

import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore
import Synchronization
import TestSupport
import Testing

/// The promises a destructive bulk job rests on: no duplicates, no lost rows, whatever the API does.
@Suite struct ResilienceTests {
    @Test func droppedConnectionsAfterTheServerAppliedCreateNoDuplicates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("drops.csv"), count: 120)
        var configuration = SimulatorConfiguration()
        configuration.dropRate = 0.3
        configuration.seed = 7
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (_, tally, counts) = try await runBatch(
                input,
                reports: directory.path,
                baseURL: baseURL,
                client: client,
                settings: SubmissionSettings(rate: 1_000, burst: 100, concurrency: 8, maxAttempts: 20)
            )
            #expect(tally.accepted == 120)
            #expect(tally.requests > 120)
            #expect(counts[.submitted] == 120)
            let perEmail = try await tasksPerEmail(baseURL)
            #expect(perEmail.count == 120)
            #expect(perEmail.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func throttlingLowersTheRateAndTheRunStillFinishes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("throttled.csv"), count: 20)
        // A one-token bucket: the first eight concurrent requests cannot all be admitted, however slow the
        // machine, so the run is throttled for certain.
        var configuration = SimulatorConfiguration()
        configuration.rate = 10
        configuration.burst = 1
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let stop = StopSignal()
            let settings = SubmissionSettings(rate: 400, burst: 20, concurrency: 8)
            let caller = RetryingCaller(settings: settings, stop: stop)
            let batch = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: directory.path, endpoint: baseURL))
            let engine = SubmissionEngine(api: client, settings: settings, caller: caller)
            let tally = try await engine.submit(
                ledger: batch.ledger, run: batch.record,
                reader: OffPoolRequestReader(try RequestFileReader(path: input)))
            #expect(tally.accepted == 20)
            #expect(tally.requests > 20)
            #expect(await caller.limiter.currentRate < 400)
            #expect(try await tasksPerEmail(baseURL).count == 20)
        }
    }

    @Test func expiredAccessTokensAreRefreshedMidRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("tokens.csv"), count: 40)
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            // Every tenth request, a quarter of an hour passes on the server: every token it issued expires.
            let aging = AgingAPI(client: client, clock: clock, every: 10, seconds: 901)
            let (_, tally, _) = try await runBatch(input, reports: directory.path, baseURL: baseURL, client: aging)
            #expect(tally.accepted == 40)
            #expect(tally.gaveUp == 0)
            #expect(try await tasksPerEmail(baseURL).count == 40)
        }
    }

    @Test func theCircuitBreakerStopsARunAgainstAFailingAPIAndLeavesItResumable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("failing.csv"), count: 60)
        var configuration = SimulatorConfiguration()
        configuration.faultRate = 1
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let stop = StopSignal()
            let (batch, tally, counts) = try await runBatch(
                input,
                reports: directory.path,
                baseURL: baseURL,
                client: client,
                settings: SubmissionSettings(rate: 1_000, burst: 100, concurrency: 8),
                stop: stop
            )
            guard case .failureRate = stop.reason else {
                Issue.record("expected the circuit breaker to stop the run, got \(String(describing: stop.reason))")
                return
            }
            #expect(stop.reason?.exitCode == 3)
            #expect(tally.accepted == 0)
            #expect(counts.rows == 60)
            #expect(counts[.error] + counts[.notAttempted] == 60)
            #expect(try await batch.ledger.unsentCounts()[.deletion] == 60)
        }
    }

    @Test func changedInputIsRefusedAndANewRunIsOffered() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("changing.csv"), count: 5)
        try await SimulatorHarness.withSimulator { baseURL, client in
            _ = try await runBatch(input, reports: directory.path, baseURL: baseURL, client: client)
            try GeneratedInput.write(to: input, count: 6)
            await #expect {
                try await BatchRun.prepare(
                    BatchRun.Request(inputPath: input, reports: directory.path, endpoint: baseURL))
            } throws: { error in
                (error as? ConfigurationError)?.message.contains("--new-run") == true
            }
            let fresh = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: directory.path, newRun: true, endpoint: baseURL)
            )
            #expect(fresh.folder.name == "changing-2")
            // The five rows the first run requested are not sent again: only the new one is.
            #expect(fresh.plan.toSend == 1)
            #expect(fresh.plan.alreadyRequested == 5)
        }
    }

    @Test func aResumeReadsTheFileItCheckedNotThePathTheRunStartedWith() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original = try GeneratedInput.write(to: directory.file("weekly.csv"), count: 8, prefix: "original")
        let copy = directory.file("backup/weekly.csv")
        try FileManager.default.createDirectory(atPath: directory.file("backup"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        try await SimulatorHarness.withSimulator { baseURL, client in
            // A run that stopped before storing any row, as a crash right after it started leaves it.
            _ = try await BatchRun.prepare(
                BatchRun.Request(inputPath: original, reports: directory.path, endpoint: baseURL))
            // The old path now holds next week's list; the operator resumes with the saved copy.
            try GeneratedInput.write(to: original, count: 8, prefix: "next-week")
            let (_, tally, _) = try await runBatch(copy, reports: directory.path, baseURL: baseURL, client: client)
            #expect(tally.accepted == 8)
            let emails = try await SimulatorHarness.tasks(baseURL: baseURL).map(\.email)
            #expect(emails.count == 8)
            #expect(emails.allSatisfy { $0.hasPrefix("original.") })
        }
    }

    @Test func aFinishedRunResumesWithNothingToSend() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("again.csv"), count: 10)
        try await SimulatorHarness.withSimulator { baseURL, client in
            _ = try await runBatch(input, reports: directory.path, baseURL: baseURL, client: client)
            let (batch, tally, counts) = try await runBatch(
                input, reports: directory.path, baseURL: baseURL, client: client)
            #expect(batch.isResume)
            #expect(batch.plan.toSend == 0)
            #expect(batch.plan.alreadyAnswered == 10)
            #expect(tally.requests == 0)
            #expect(counts[.submitted] == 10)
            #expect(try await tasksPerEmail(baseURL).count == 10)
        }
    }
}

/// Passes calls to the real client, moving the simulator's clock forward every `every` calls.
final class AgingAPI: TaskStarting {
    private let client: PrivacyAPIClient
    private let clock: ManualSimulatorClock
    private let every: Int
    private let seconds: Double
    private let calls = Mutex(0)

    init(client: PrivacyAPIClient, clock: ManualSimulatorClock, every: Int, seconds: Double) {
        self.client = client
        self.clock = clock
        self.every = every
        self.seconds = seconds
    }

    func startTask(_ request: PrivacyRequest, clientToken: String) async throws(APIFailure) -> String {
        let count = calls.withLock { value in
            value += 1
            return value
        }
        if count % every == 0 { clock.advance(by: seconds) }
        return try await client.startTask(request, clientToken: clientToken)
    }
}

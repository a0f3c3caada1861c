import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// The pacer against a simulator whose quota the client is not told.
@Suite struct AdaptivePacingTests {
    @Test func aThrottlingAPIIsSurvivedWithFewWastedRequestsAndTheSummarySaysSo() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let rows = 150
        let input = try GeneratedInput.write(to: directory.file("quota.csv"), count: rows)
        var configuration = SimulatorConfiguration()
        configuration.rateSchedule = try RateSchedule(parsing: "0=30")
        configuration.burst = 5
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            // No --rate: the pacer starts at its initial rate and must find the quota of 30/s itself.
            let settings = SubmissionSettings(concurrency: 8)
            let stop = StopSignal()
            let caller = RetryingCaller(settings: settings, stop: stop)
            let batch = try await BatchRun.prepare(
                BatchRun.Request(inputPath: input, reports: directory.path, endpoint: baseURL))
            let (tally, counts) = try await batch.execute(api: client, settings: settings, stop: stop, caller: caller)
            #expect(tally.accepted == rows)
            #expect(counts[.submitted] == rows)
            #expect(try await tasksPerEmail(baseURL).count == rows)
            let pacing = await caller.limiter.summary()
            #expect(pacing.requests == tally.requests)
            // A pacer that kept its rate (or kept climbing) after the throttles would spend several requests
            // per row here; one that finds the quota spends a few percent more than one.
            #expect(pacing.throttled > 0)
            #expect(Double(pacing.requests) <= 1.5 * Double(rows))
            #expect(pacing.ceiling == nil)

            let summary = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: batch.folder.summary)))
            let recorded = (summary as? [String: Any])?["pacing"] as? [String: Any]
            #expect(recorded?["requests"] as? Int == pacing.requests)
            #expect(recorded?["throttled"] as? Int == pacing.throttled)
            #expect((recorded?["finalRate"] as? Double ?? 0) > 0)
        }
    }
}

import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchCore
import TestSupport
import Testing

/// Tracking reads the ledger in pages: a round or a selection larger than a page loses and repeats no row.
@Suite struct TrackingPagesTests {
    private static func tracker(_ client: PrivacyAPIClient, pageSize: Int) -> TaskTracker {
        let caller = RetryingCaller(settings: SubmissionSettings(rate: 500, burst: 50), stop: StopSignal())
        var tracker = TaskTracker(client: client, caller: caller, concurrency: 4)
        tracker.pageSize = pageSize
        return tracker
    }

    @Test func aWatchOverMoreRowsThanOnePageFollowsEveryTaskToTheEnd() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (batch, _, _) = try await runBatch(
                Samples.path("deletions.csv"), reports: directory.path, baseURL: baseURL, client: client)
            #expect(try await batch.ledger.openTaskCount() == 12)
            // Past every hold and the processing day: one round, read 5 rows at a time, ends the watch.
            clock.advance(by: 12)
            let rounds = RoundLog()
            try await Self.tracker(client, pageSize: 5).watch(
                ledger: batch.ledger, schedule: PollSchedule(dayLength: 1)
            ) { open in
                await rounds.append(open)
            }
            #expect(await rounds.opens == [0])
            let counts = try await ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
            #expect(counts[.completed] == 10)
            #expect(counts[.failed] == 2)
        }
    }

    @Test func aRoundChecksEachDueTaskOnceAndLeavesScheduledOnesForLater() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, _) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (batch, _, _) = try await runBatch(
                Samples.path("deletions.csv"), reports: directory.path, baseURL: baseURL, client: client)
            let tracker = Self.tracker(client, pageSize: 5)
            let first = try await tracker.refreshOpen(
                ledger: batch.ledger, dueBy: Date(), schedule: PollSchedule(dayLength: 86_400))
            #expect(first.refreshed == 12)
            // Every task now has its next check hours or days ahead: nothing is due in a second round.
            let second = try await tracker.refreshOpen(
                ledger: batch.ledger, dueBy: Date(), schedule: PollSchedule(dayLength: 86_400))
            #expect(second.refreshed + second.unknown + second.failed == 0)
            let next = try #require(try await batch.ledger.nextCheckDate())
            #expect(next > Date())
        }
    }

    @Test func aCancelSelectionSpanningPagesCancelsExactlyTheRowsItNames() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, _) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (batch, _, _) = try await runBatch(
                Samples.path("deletions.csv"), reports: directory.path, baseURL: baseURL, client: client)
            let tracker = Self.tracker(client, pageSize: 2)
            _ = try await tracker.refreshOpen(ledger: batch.ledger, schedule: nil)
            // Seven rows named by email, in another case and out of order; katherine's hold (0 days) is over.
            let named = [
                "FRANCES.ALLEN@example.com", "ada.lovelace@example.com", "Grace.Hopper@example.com",
                "katherine.johnson@example.com", "john.backus@example.com", "donald.knuth@example.com",
                "alan.turing@example.org",
            ]
            let file = try directory.write("cancel.csv", "email\n" + named.joined(separator: "\n") + "\n")
            let scope = try await RowSelectorFile(path: file).stage(into: batch.ledger, batchSize: 3)
            let plan = try await CancelPlan(scope: scope, ledger: batch.ledger, pageSize: 2)
            #expect(plan.candidates == 7)
            let tally = try await tracker.cancel(scope, ledger: batch.ledger)
            #expect(tally.cancelled == 6)
            #expect(tally.refused == 1)
            #expect(tally.failed == 0)

            var statuses: [String: String] = [:]
            for row in try await batch.ledger.submittedRows(.all, after: 0, limit: 100) {
                statuses[row.email ?? ""] = row.taskStatus
            }
            let cancelled = Set(statuses.filter { $0.value == TaskStatus.cancelled }.keys)
            #expect(cancelled == Set(named.map { $0.lowercased() }).subtracting(["katherine.johnson@example.com"]))
            #expect(statuses["katherine.johnson@example.com"] == TaskStatus.inProgress)

            // `--all` then reaches the five rows left, across pages, and skips the final ones.
            let rest = try await CancelPlan(scope: .all, ledger: batch.ledger, pageSize: 2)
            #expect(rest.candidates == 6)
            #expect(rest.finished == 6)
            let all = try await tracker.cancel(.all, ledger: batch.ledger)
            #expect(all.cancelled == 5)
            #expect(all.refused == 1)
            #expect(all.failed == 0)
        }
    }
}

/// What a watch reported after each round.
private actor RoundLog {
    private(set) var opens: [Int] = []

    func append(_ open: Int) {
        opens.append(open)
    }
}

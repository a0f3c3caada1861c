import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// The samples, run through the real client against the real simulator over loopback HTTP.
@Suite struct SampleRunTests {
    @Test func deletionsEndWithOpenOrdersAndUnknownShopperFailures() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (batch, tally, counts) = try await runBatch(
                Samples.path("deletions.csv"),
                reports: directory.path,
                baseURL: baseURL,
                client: client
            )
            #expect(tally.accepted == 12)
            #expect(counts[.submitted] == 12)

            let caller = RetryingCaller(settings: SubmissionSettings(rate: 500, burst: 50), stop: StopSignal())
            let tracker = TaskTracker(client: client, caller: caller, concurrency: 8)
            _ = try await tracker.refreshOpen(ledger: batch.ledger, schedule: nil)
            let held = try await ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
            #expect(held[.onHold] == 11)
            #expect(held[.inProgress] == 1)

            // Past every holding period (at most 10 days, the default) and the one processing day.
            clock.advance(by: 12)
            let refreshed = try await tracker.refreshOpen(ledger: batch.ledger, schedule: nil)
            #expect(refreshed.refreshed == 12)
            let final = try await ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
            #expect(final[.completed] == 10)
            #expect(final[.failed] == 2)

            let outcomes = try Samples.readRecords(batch.folder.outcomes)
            #expect(outcomes.map { $0["row"] } == (1...12).map { String($0) })
            let openOrders = outcomes.filter { $0["email"]?.hasPrefix("open-orders") == true }
            #expect(openOrders.map { $0["outcome"] } == ["FAILED"])
            #expect(openOrders.map { $0["error_code"] } == ["ORDERS_NOT_CLOSED"])
            let missing = outcomes.filter { $0["email"]?.hasPrefix("not-found") == true }
            #expect(missing.map { $0["error_code"] } == ["DATA_SUBJECT_NOT_FOUND"])

            let resubmit = try Samples.readCSV(batch.folder.ordersNotClosed)
            #expect(resubmit.count == 2)
            #expect(resubmit.first == ["email", "request_type", "holding_period", "reason"])
            #expect(resubmit.last?.first == "open-orders.shopper@example.com")
            let failures = try Samples.readRecords(batch.folder.failures)
            #expect(Set(failures.compactMap { $0["error_code"] }) == ["ORDERS_NOT_CLOSED", "DATA_SUBJECT_NOT_FOUND"])
        }
    }

    @Test func withErrorsSendsOnlyTheValidRowAndReportsEveryOtherLine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatorHarness.withSimulator { baseURL, client in
            let (batch, tally, counts) = try await runBatch(
                Samples.path("with-errors.csv"),
                reports: directory.path,
                baseURL: baseURL,
                client: client
            )
            #expect(tally.accepted == 1)
            #expect(try await SimulatorHarness.tasks(baseURL: baseURL).count == 1)
            #expect(counts[.duplicate] == 1)
            #expect(counts[.invalid] == counts.rows - 2)
            let failures = try Samples.readRecords(batch.folder.failures)
            #expect(failures.count == counts[.invalid])
            #expect(failures.allSatisfy { !($0["error_code"] ?? "").isEmpty })
        }
    }

    @Test func retrievalsCompleteAndTheirArchivesDownloadAfterALinkExpired() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator()
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let (batch, _, _) = try await runBatch(
                Samples.path("retrievals.csv"),
                reports: directory.path,
                baseURL: baseURL,
                client: client
            )
            clock.advance(by: 2)
            let caller = RetryingCaller(settings: SubmissionSettings(rate: 500, burst: 50), stop: StopSignal())
            _ = try await TaskTracker(client: client, caller: caller, concurrency: 4)
                .refreshOpen(ledger: batch.ledger, schedule: nil)

            // A link issued, then left to expire before the download starts.
            let completed = try await batch.ledger.submittedRows(.completedRetrievals, after: 0, limit: 100)
            #expect(completed.count == 4)
            let first = try #require(completed.first?.taskId)
            let link = try #require(try await client.task(first, type: .retrieval).dataRetrievalLink)
            clock.advance(by: 61)
            #expect(try await client.download(link: link, to: directory.file("stale.zip")) == .linkExpired)

            let tally = try await TaskTracker(client: client, caller: caller, concurrency: 2)
                .download(completed, into: batch.folder.archives, ledger: batch.ledger)
            #expect(tally.saved == 4)
            #expect(try await TaskTracker.archivesToDownloadCount(in: batch.ledger) == 0)
            for row in completed {
                let path = batch.folder.archives + "/row-\(row.row).zip"
                #expect(try ZipCheck.entries(inFileAt: path) >= 1)
                let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
                #expect(mode == 0o600)
            }
            try await ReportWriter(folder: batch.folder).write(ledger: batch.ledger)
            let outcomes = try Samples.readRecords(batch.folder.outcomes)
            #expect(outcomes.filter { !($0["archive"] ?? "").isEmpty }.count == 4)
            #expect(outcomes.allSatisfy { !($0["archive"] ?? "").contains("@") })
        }
    }
}

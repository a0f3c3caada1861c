import AgeEncryption
import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchLedger
import Synchronization
import TestSupport
import Testing

/// `follow-up` passes carrying a quarterly file to its end against the real simulator on a manual clock: the
/// pass's `now` plays the calendar, the simulator's clock the API's days (a second each).
@Suite struct FollowUpTests {
    static let quarterly = """
        email,request_type,holding_period
        kim@example.com,deletion,1
        open-orders-3d.kim@example.com,deletion,1
        open-orders.lee@example.com,deletion,1
        ret@example.com,retrieval,
        """

    static let day: TimeInterval = 86_400

    /// One pass at `now` whose digest is then recorded as told, as the command does once it printed it.
    static func told(
        _ pass: FollowUpPass, _ session: @escaping FollowUpPass.Session, now: Date
    ) async throws -> [RunDigest] {
        let digests = try await pass.run(session: session, stop: StopSignal(), now: now)
        await pass.recordTold(digests)
        return digests
    }

    /// A session on the test's simulator through `client`, telling `opened` which endpoint each session is for.
    static func session(
        _ client: PrivacyAPIClient, opened: @escaping @Sendable (String?) -> Void = { _ in }
    ) -> FollowUpPass.Session {
        { endpoint, body in
            opened(endpoint)
            let caller = RetryingCaller(settings: SubmissionSettings(rate: 500, burst: 50), stop: StopSignal())
            try await body(TaskTracker(client: client, caller: caller, concurrency: 4))
        }
    }

    @Test func aQuarterlyFileIsCarriedToItsEndByFollowUpPasses() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator(start: Date())
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let input = try directory.write("q3.csv", Self.quarterly)
            // The batch (and its run lock) goes once it has run, as when `run` exits.
            let (folder, submitted) = try await submittedRun(
                input, reports: directory.path, baseURL: baseURL, client: client)
            let sessions = Mutex(0)
            let session = Self.session(client) { endpoint in
                #expect(endpoint == baseURL)
                sessions.withLock { $0 += 1 }
            }
            // Archives from an endpoint that is not the sandbox are encrypted.
            var policy = FollowUpPolicy()
            policy.recipients = [AgeIdentity.generate().recipient]
            // A quarter goes by in this test: the values stay, so the archive's own retention is what is seen.
            policy.retainPII = .days(365)
            policy.retainPIIMax = .days(365)
            let pass = FollowUpPass(
                reports: directory.path, runs: nil, policy: policy,
                settings: SubmissionSettings(rate: 500, burst: 50), keyring: .testing)
            let start = Date()

            // Day 0: every task is queried once; all are on hold, nothing needs a person.
            var digest = try #require(try await Self.told(pass, session, now: start).first)
            #expect(digest.tally?.refreshed == 4)
            #expect(!digest.needsAPerson)
            #expect(digest.nextWakeUp != nil)

            // Nothing is due a minute later: no session, so no request at all.
            digest = try #require(try await Self.told(pass, session, now: start + 60).first)
            #expect(sessions.withLock { $0 } == 1)
            #expect(digest.tally?.isEmpty == true)

            // Day 3: past the holding period and processing. Two deletions failed with open orders, the retrieval's
            // archive is saved: a person has an archive to hand over.
            clock.advance(by: 3)
            digest = try #require(
                try await Self.told(pass, session, now: start + 3 * Self.day).first)
            #expect(digest.tally?.refreshed == 4)
            #expect(digest.tally?.archivesSaved == 1)
            #expect(digest.waiting == [.archiveReady: 1])
            #expect(digest.newLines == [.archiveReady: [5]])
            #expect(digest.needsAPerson)
            var outcomes = try Samples.readRecords(folder.outcomes)
            #expect(outcomes.map { $0["outcome"] } == ["COMPLETED", "FAILED", "FAILED", "COMPLETED"])
            #expect(outcomes[1]["next_reopen_at"]?.isEmpty == false)

            // Told once: the next pass says nothing new.
            digest = try #require(
                try await Self.told(pass, session, now: start + 4 * Self.day).first)
            #expect(!digest.needsAPerson)
            #expect(digest.waiting == [.archiveReady: 1])

            // Day 11: a week after the failures, both are sent again as new tasks; the 3-day orders have closed.
            clock.advance(by: 8)
            digest = try #require(
                try await Self.told(pass, session, now: start + 11 * Self.day).first)
            #expect(digest.tally?.reopened == 2)
            #expect(digest.tally?.sent == 2)
            let tasks = try await tasksPerEmail(baseURL)
            #expect(tasks["open-orders-3d.kim@example.com"] == 2)
            #expect(tasks["kim@example.com"] == 1)

            // Day 14: the reopened 3-day shopper completes; the other fails again and waits for its next week.
            clock.advance(by: 3)
            digest = try #require(
                try await Self.told(pass, session, now: start + 14 * Self.day).first)
            outcomes = try Samples.readRecords(folder.outcomes)
            #expect(outcomes.map { $0["outcome"] } == ["COMPLETED", "COMPLETED", "FAILED", "COMPLETED"])
            #expect(outcomes.map { $0["reopens"] } == ["0", "1", "1", "0"])
            #expect(outcomes[1]["attempts"] == "2")

            // Day 91: past --give-up-after since the first attempt: given up, and a person is told.
            digest = try #require(
                try await Self.told(pass, session, now: start + 91 * Self.day).first)
            #expect(digest.tally?.gaveUp == 1)
            #expect(digest.newLines == [.gaveUp: [4]])
            #expect(digest.needsAPerson)
            outcomes = try Samples.readRecords(folder.outcomes)
            #expect(outcomes[2]["outcome"] == "GAVE_UP_ORDERS_NOT_CLOSED")
            #expect(outcomes[2]["next_reopen_at"] == "")
            #expect(try await tasksPerEmail(baseURL)["open-orders.lee@example.com"] == 2)

            // The archive handed over, nothing is left for anyone but the given-up row, already told; the archive,
            // kept 30 days after its download, goes, and is not downloaded again.
            let archive = try #require(outcomes[3]["archive"])
            #expect(archive.hasSuffix("/row-4.zip.age"))
            #expect(FileManager.default.fileExists(atPath: archive))
            #expect(try await Ledger(path: folder.ledger).markHandedOver(rows: nil) == 1)
            digest = try #require(
                try await Self.told(pass, session, now: start + 92 * Self.day).first)
            #expect(!digest.needsAPerson)
            #expect(digest.waiting == [.gaveUp: 1])
            #expect(digest.nextWakeUp == nil)
            #expect(digest.tally?.archivesDeleted == 1)
            #expect(digest.tally?.archivesSaved == 0)
            #expect(!FileManager.default.fileExists(atPath: archive))
            #expect(try Samples.readRecords(folder.outcomes)[3]["archive"] == "")
        }
    }

    @Test func aReopenFindsTheRequestResubmittedByHandAndSendsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator(start: Date())
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let input = try directory.write(
                "q3.csv", "email,request_type,holding_period\nopen-orders-2d.ann@example.com,deletion,1\n")
            let (folder, _) = try await submittedRun(
                input, reports: directory.path, baseURL: baseURL, client: client)
            let session = Self.session(client)
            let pass = FollowUpPass(
                reports: directory.path, runs: [folder.name], policy: FollowUpPolicy(),
                settings: SubmissionSettings(rate: 500, burst: 50), keyring: .testing)
            let start = Date()
            clock.advance(by: 3)
            _ = try await Self.told(pass, session, now: start + 3 * Self.day)
            // The operator feeds orders-not-closed.csv back by hand before the week is out.
            let (retry, retried) = try await submittedRun(
                folder.ordersNotClosed, reports: directory.path, baseURL: baseURL, client: client)
            #expect(retried.accepted == 1)
            #expect(retry.name == "q3-orders-not-closed")

            let digest = try #require(
                try await Self.told(pass, session, now: start + 11 * Self.day).first)
            #expect(digest.tally?.reopened == 0)
            #expect(digest.tally?.superseded == 1)
            #expect(try await tasksPerEmail(baseURL)["open-orders-2d.ann@example.com"] == 2)
            let outcome = try #require(try Samples.readRecords(folder.outcomes).first)
            #expect(outcome["outcome"] == "ALREADY_REQUESTED")
        }
    }
}

import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct SubmissionEngineTests {
    let fast = SubmissionSettings(rate: 1_000, burst: 100, concurrency: 4, maxAttempts: 3)

    func run(
        _ rows: [InputRow],
        api: ScriptedAPI,
        settings: SubmissionSettings? = nil,
        stop: StopSignal = StopSignal()
    ) async throws -> (SubmissionEngine.Tally, [Int: LedgerRow]) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(in: directory, rows: rows)
        let record = try await #require(try ledger.run())
        let engine = SubmissionEngine(api: api, settings: settings ?? fast, stop: stop)
        let tally = try await engine.submit(ledger: ledger, run: record, reader: nil)
        let stored = Dictionary(uniqueKeysWithValues: try await ledger.allRows().map { ($0.row, $0) })
        return (tally, stored)
    }

    @Test func sendsEveryValidRowOnceWithItsToken() async throws {
        let api = ScriptedAPI()
        let rows =
            (1...20).map { LedgerFixtures.valid($0, "s\($0)@example.com") } + [
                LedgerFixtures.invalid(21, .emailInvalid)
            ]
        let (tally, stored) = try await run(rows, api: api)
        #expect(tally.accepted == 20)
        #expect(api.callCount == 20)
        #expect(Set(api.calls.map(\.email)).count == 20)
        #expect(stored[1]?.state == .submitted)
        #expect(api.calls.first { $0.email == "s1@example.com" }?.token == stored[1]?.clientToken)
        #expect(stored[21]?.state == .invalid)
    }

    @Test func retriesTransientFailuresWithTheSameToken() async throws {
        let api = ScriptedAPI([
            "flaky@example.com": [.failure(.transient(reason: "503")), .failure(.transient(reason: "reset"))]
        ])
        let (tally, stored) = try await run([LedgerFixtures.valid(1, "flaky@example.com")], api: api)
        #expect(tally.accepted == 1)
        #expect(stored[1]?.attempts == 3)
        #expect(Set(api.calls.map(\.token)).count == 1)
    }

    @Test func givesUpAfterMaxAttemptsAndNeverRetriesRejections() async throws {
        let api = ScriptedAPI([
            "down@example.com": Array(repeating: .failure(.transient(reason: "503")), count: 5),
            "bad@example.com": [.failure(.rejected(code: "UnspecifiedError", message: "invalid"))],
        ])
        let (tally, stored) = try await run(
            [LedgerFixtures.valid(1, "down@example.com"), LedgerFixtures.valid(2, "bad@example.com")],
            api: api
        )
        #expect(tally.gaveUp == 1)
        #expect(tally.rejected == 1)
        #expect(stored[1]?.state == .error)
        #expect(stored[1]?.attempts == 3)
        #expect(stored[2]?.state == .rejected)
        #expect(stored[2]?.attempts == 1)
        #expect(stored[2]?.errorCode == "UnspecifiedError")
    }

    @Test func authenticationFailureStopsTheRunAndLeavesRowsToResume() async throws {
        let api = ScriptedAPI(["s1@example.com": [.failure(.authentication(reason: "401"))]])
        let stop = StopSignal()
        let settings = SubmissionSettings(rate: 1_000, burst: 1, concurrency: 1, maxAttempts: 3)
        let rows = (1...10).map { LedgerFixtures.valid($0, "s\($0)@example.com") }
        let (tally, stored) = try await run(rows, api: api, settings: settings, stop: stop)
        #expect(stop.reason?.exitCode == 3)
        #expect(tally.accepted == 0)
        #expect(stored.values.allSatisfy { $0.state == .pending })
        #expect(stored[1]?.errorCode == "Unauthenticated")
    }

    @Test func resumeSendsRowsLeftSubmittingFirst() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory, rows: (1...6).map { LedgerFixtures.valid($0, "s\($0)@example.com") })
        try await ledger.markSubmitting([4, 5])
        let api = ScriptedAPI()
        let settings = SubmissionSettings(rate: 1_000, burst: 1, concurrency: 1)
        let record = try await #require(try ledger.run())
        _ = try await SubmissionEngine(api: api, settings: settings, stop: StopSignal())
            .submit(ledger: ledger, run: record, reader: nil)
        #expect(
            api.calls.map(\.email) == [
                "s4@example.com", "s5@example.com", "s1@example.com", "s2@example.com", "s3@example.com",
                "s6@example.com",
            ])
        #expect(try await ledger.stateCounts()[.submitted] == 6)
    }

    @Test func rowsThatMayHaveLandedStaySubmittingWhenTheRunStops() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory, rows: (1...5).map { LedgerFixtures.valid($0, "s\($0)@example.com") })
        // As a crashed run leaves them: marked, answers never recorded.
        try await ledger.markSubmitting([1, 2, 3, 4, 5])
        let api = ScriptedAPI(["s1@example.com": [.failure(.authentication(reason: "401"))]])
        let stop = StopSignal()
        let settings = SubmissionSettings(rate: 1_000, burst: 1, concurrency: 1)
        let record = try await #require(try ledger.run())
        _ = try await SubmissionEngine(api: api, settings: settings, stop: stop)
            .submit(ledger: ledger, run: record, reader: nil)
        #expect(stop.reason?.exitCode == 3)
        #expect(try await ledger.stateCounts() == [.submitting: 5])
    }
}

import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct PollScheduleTests {
    func row(status: String?, holdingPeriod: Int?, submittedAt: Date) async throws -> LedgerRow {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory, rows: [LedgerFixtures.valid(1, "a@example.com", holdingPeriod: holdingPeriod)])
        let stored = try await ledger.allRows().last
        var row = try #require(stored)
        row.taskStatus = status
        row.submittedAt = Timestamp.string(submittedAt)
        return row
    }

    @Test func anOnHoldTaskIsCheckedJustAfterItsHoldingPeriod() async throws {
        let submitted = Date(timeIntervalSince1970: 1_800_000_000)
        let schedule = PollSchedule(dayLength: 86_400)
        let held = try await row(status: "ON_HOLD", holdingPeriod: 30, submittedAt: submitted)
        let next = schedule.nextCheck(for: held, now: submitted.addingTimeInterval(60))
        #expect(next >= submitted.addingTimeInterval(30 * 86_400))
        #expect(next <= submitted.addingTimeInterval(30 * 86_400 + 120))
    }

    @Test func openTasksArePolledAQuarterDayApartWithinBounds() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let open = try await row(status: "IN_PROGRESS", holdingPeriod: 10, submittedAt: now)
        #expect(PollSchedule(dayLength: 86_400).nextCheck(for: open, now: now) == now.addingTimeInterval(6 * 3600))
        #expect(PollSchedule(dayLength: 1).nextCheck(for: open, now: now) == now.addingTimeInterval(0.5))
    }
}

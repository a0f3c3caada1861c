import Foundation
import Testing

@testable import PrivacyBatchCore

@Suite struct DeadlinePlanTests {
    func day(_ text: String) throws -> CalendarDay {
        try #require(CalendarDay(iso: text))
    }

    func at(_ text: String) throws -> Date {
        try #require(try ReceivedDate(parsing: text)).date
    }

    /// Received 2025-01-31 under GDPR: due 2025-02-28.
    @Test(arguments: [
        // now, holding, processing, state, days left
        ("2025-01-31T10:00Z", 0, 28, DeadlineState.open, 28), ("2025-01-31T10:00Z", 0, 29, .atRisk, 28),
        ("2025-01-31T10:00Z", 30, 30, .atRisk, 28), ("2025-02-10T00:00Z", 0, 18, .open, 18),
        ("2025-02-28T23:59Z", 0, 0, .open, 0), ("2025-02-28T23:59Z", 0, 1, .atRisk, 0),
        ("2025-03-01T00:00Z", 0, 0, .overdue, -1), ("2025-03-10T00:00Z", 0, 30, .overdue, -10),
        ("2025-01-31T10:00Z", -5, -1, .open, 28),
    ])
    func classifiesBeforeSending(now: String, holding: Int, processing: Int, state: DeadlineState, left: Int) throws {
        let plan = DeadlinePlan(
            received: try day("2025-01-31"), rule: .gdpr, holdingDays: holding, processingDays: processing,
            now: try at(now))
        #expect(plan.due.iso == "2025-02-28")
        #expect(plan.state == state)
        #expect(plan.daysLeft == left)
    }

    @Test func projectsFromTodayWithTheDefaultAllowance() throws {
        let plan = DeadlinePlan(
            received: try day("2025-03-01"), rule: .ccpa, holdingDays: 10, now: try at("2025-03-02T08:00Z"))
        #expect(plan.due.iso == "2025-04-15")
        #expect(plan.projectedEnd.iso == "2025-04-11")
        #expect(plan.state == .open)
        #expect(DeadlinePlan.defaultProcessingDays == 30)
    }

    @Test func noticesReceiptsInTheFuture() throws {
        let plan = DeadlinePlan(
            received: try day("2025-03-05"), rule: .days(10), holdingDays: 0, now: try at("2025-03-04"))
        #expect(plan.isReceivedInFuture(now: try at("2025-03-04T23:00Z")))
        #expect(!plan.isReceivedInFuture(now: try at("2025-03-05T00:00Z")))
    }
}

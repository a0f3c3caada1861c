import Foundation
import Testing

@testable import PrivacyBatchCore

@Suite struct DeadlineStateTests {
    /// Due 2025-02-28 (GDPR, received 31 January).
    let due = CalendarDay(daysSinceEpoch: 20_147)

    func at(_ text: String) throws -> Date {
        try #require(try ReceivedDate(parsing: text)).date
    }

    @Test func rawValuesAreStable() {
        #expect(DeadlineState.allCases.map(\.rawValue) == ["met", "open", "at_risk", "overdue", "missed"])
        #expect(due.iso == "2025-02-28")
    }

    @Test(arguments: [
        ("2025-02-01T00:00Z", DeadlineState.met), ("2025-02-28T00:00Z", .met), ("2025-02-28T23:59:59.999Z", .met),
        ("2025-03-01T00:00Z", .missed), ("2025-03-01T00:30+01:00", .met), ("2025-04-10T12:00Z", .missed),
    ])
    func finishedRequestsAreMetOnOrBeforeTheDueDay(finished: String, expected: DeadlineState) throws {
        // `now` does not matter once finished.
        for now in ["2025-02-10T00:00Z", "2025-06-01T00:00Z"] {
            let state = DeadlineState(due: due, now: try at(now), progress: .finished(at: try at(finished)))
            #expect(state == expected)
        }
    }

    @Test(arguments: [
        ("2025-02-27T12:00Z", DeadlineState.open), ("2025-02-28T23:59:59Z", .open),
        ("2025-03-01T00:00Z", .overdue), ("2025-03-15T00:00Z", .overdue),
    ])
    func unfinishedRequestsAreOverdueAfterTheDueDay(now: String, expected: DeadlineState) throws {
        for progress in [DeadlineProgress.stopped, .inProgress(projectedEnd: nil)] {
            #expect(DeadlineState(due: due, now: try at(now), progress: progress) == expected)
        }
    }

    @Test(arguments: [
        ("2025-02-20T00:00Z", DeadlineState.open), ("2025-02-28T23:59Z", .open), ("2025-03-01T00:00Z", .atRisk),
        ("2025-03-20T00:00Z", .atRisk),
    ])
    func inProgressRequestsAreAtRiskWhenProjectedPastTheDueDay(projected: String, expected: DeadlineState) throws {
        let now = try at("2025-02-10T09:00Z")
        #expect(DeadlineState(due: due, now: now, progress: .inProgress(projectedEnd: try at(projected))) == expected)
    }

    @Test func overdueWinsOverAtRisk() throws {
        let state = DeadlineState(
            due: due, now: try at("2025-03-02"), progress: .inProgress(projectedEnd: try at("2025-04-01")))
        #expect(state == .overdue)
    }

    @Test func stoppedRequestsAreNeverAtRisk() throws {
        #expect(DeadlineState(due: due, now: try at("2025-02-28"), progress: .stopped) == .open)
    }

    @Test func flags() {
        #expect(DeadlineState.allCases.filter(\.isFinal) == [.met, .missed])
        #expect(DeadlineState.allCases.filter(\.needsAttention) == [.atRisk, .overdue, .missed])
    }
}

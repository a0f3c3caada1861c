import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger
import TestSupport
import Testing

@testable import PrivacyBatch

@Suite struct MinimisationRuleTests {
    private typealias Situation = MinimisationFixture.Situation

    /// The kind of a standing, its date left out.
    private enum Kind: Equatable { case finished, needsPerson, inUse }

    private func kind(_ standing: MinimisationRule.Standing) -> Kind {
        switch standing {
        case .finished: .finished
        case .needsPerson: .needsPerson
        case .inUse: .inUse
        }
    }

    @Test func everySituationStandsWhereTheToolOrAPersonStillNeedsIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let expected: [Situation: Kind] = [
            .pending: .inUse, .submitting: .inUse, .error: .inUse, .open: .inUse,
            .invalid: .needsPerson, .rejected: .needsPerson, .retrievalNotHandedOver: .needsPerson,
            .ordersNotClosed: .needsPerson, .otherFailure: .needsPerson, .notFound: .needsPerson,
            .duplicate: .finished, .alreadyRequested: .finished, .completedDeletion: .finished, .cancelled: .finished,
            .handedOverRetrieval: .finished, .failedRetrieval: .finished, .ordersNotClosedGivenUp: .finished,
        ]
        #expect(expected.count == Situation.allCases.count)
        for situation in Situation.allCases {
            let row = try await fixture.row(situation)
            #expect(kind(MinimisationRule.standing(of: row)) == expected[situation], "\(situation)")
        }
    }

    @Test func eachStandingCountsFromTheTimeItsWaitingBegan() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let day = { (text: String) in try #require(Timestamp.date(from: text)) }

        var handedOver = try await fixture.row(.handedOverRetrieval)
        handedOver.handedOverAt = "2026-01-05T00:00:00.000Z"
        handedOver.finalAt = "2026-01-01T00:00:00.000Z"
        #expect(MinimisationRule.standing(of: handedOver) == .finished(since: try day("2026-01-05T00:00:00.000Z")))

        var waiting = try await fixture.row(.retrievalNotHandedOver)
        waiting.finalAt = "2026-01-01T00:00:00.000Z"
        #expect(MinimisationRule.standing(of: waiting) == .needsPerson(since: try day("2026-01-01T00:00:00.000Z")))

        // An open-order failure counts from its first attempt, however often it was sent again since.
        var openOrders = try await fixture.row(.ordersNotClosed)
        openOrders.submittedAt = "2026-02-01T00:00:00.000Z"
        openOrders.finalAt = "2026-03-01T00:00:00.000Z"
        #expect(MinimisationRule.standing(of: openOrders) == .needsPerson(since: try day("2026-02-01T00:00:00.000Z")))

        var givenUp = try await fixture.row(.ordersNotClosedGivenUp)
        givenUp.gaveUpAt = "2026-04-01T00:00:00.000Z"
        #expect(MinimisationRule.standing(of: givenUp) == .finished(since: try day("2026-04-01T00:00:00.000Z")))

        // A row without a readable date is never kept for the lack of one.
        var undated = try await fixture.row(.invalid)
        undated.updatedAt = nil
        #expect(MinimisationRule.standing(of: undated) == .needsPerson(since: Date(timeIntervalSince1970: 0)))
    }

    @Test func theDueDateIsTheStandingsStartPlusItsRetentionAndNoneWhileInUse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let policy = RetentionPolicy(finished: .days(30), needingPerson: .days(90))
        var finished = try await fixture.row(.completedDeletion)
        finished.finalAt = "2026-01-01T00:00:00.000Z"
        var needing = try await fixture.row(.invalid)
        needing.updatedAt = "2026-01-01T00:00:00.000Z"
        let start = try #require(Timestamp.date(from: "2026-01-01T00:00:00.000Z"))
        #expect(MinimisationRule.dueDate(of: finished, policy: policy) == start.addingTimeInterval(30 * 86_400))
        #expect(MinimisationRule.dueDate(of: needing, policy: policy) == start.addingTimeInterval(90 * 86_400))
        #expect(MinimisationRule.dueDate(of: try await fixture.row(.open), policy: policy) == nil)
        #expect(
            MinimisationRule.dueDate(
                of: try await fixture.row(.pending), policy: .init(finished: .zero, needingPerson: .zero)) == nil)
    }
}

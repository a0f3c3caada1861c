import Foundation
import TestSupport
import Testing

@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct RequestIndexTests {
    private let request = PrivacyRequest(type: .deletion, email: "Shopper@Example.com", holdingPeriod: 10)

    @Test func twoIndexesOnOneFileLetOnlyOneRunHoldARequest() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Two handles on one file stand for two processes: their IMMEDIATE transactions serialise the claims.
        let first = try RequestIndex(reports: directory.path)
        let second = try RequestIndex(reports: directory.path)
        let lower = PrivacyRequest(type: .deletion, email: "shopper@example.com", holdingPeriod: 30)
        async let a = first.claim([(1, request)], run: "a", scope: .sandbox, allowRepeat: false)
        async let b = second.claim([(1, lower)], run: "b", scope: .sandbox, allowRepeat: false)
        let claims = [try await a[1], try await b[1]]
        #expect(claims.filter { $0 == .send(generation: nil) }.count == 1)
        #expect(claims.filter { if case .alreadyRequested = $0 { true } else { false } }.count == 1)
    }

    @Test func aHolderRowIsSentAgainWithItsGenerationAndAnotherScopeIsAnotherRequest() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let index = try RequestIndex(reports: directory.path)
        #expect(
            try await index.claim([(4, request)], run: "a", scope: .sandbox, allowRepeat: false)[4]
                == .send(generation: nil))
        #expect(
            try await index.claim([(4, request)], run: "a", scope: .sandbox, allowRepeat: false)[4]
                == .send(generation: nil))
        let elsewhere = RequestScope(endpoint: "https://api.example", targetID: "t")
        #expect(
            try await index.claim([(1, request)], run: "b", scope: elsewhere, allowRepeat: false)[1]
                == .send(generation: nil))
        try await index.recordAnswers(run: "a", accepted: [(4, "task-1")], rejected: [])
        #expect(
            try await index.preview([(1, request)], run: "c", scope: .sandbox, allowRepeat: false)[1]
                == .alreadyRequested(EarlierRequest(run: "a", row: 4, taskId: "task-1", status: "SUBMITTED")))
    }

    @Test func thePolicyResendsFailedAndCancelledTasksAsANewGenerationAndCompletedOnlyWhenAllowed() {
        func entry(_ status: String?) -> RequestIndexEntry {
            RequestIndexEntry(run: "a", row: 1, taskId: "task-1", status: status, generation: nil)
        }
        for status in [TaskStatus.failed, TaskStatus.cancelled] {
            #expect(
                RequestIndexPolicy.verdict(for: entry(status), run: "b", row: 1, allowRepeat: false)
                    == .hold(generation: "task-1"))
        }
        for status in [
            nil, "SUBMITTED", TaskStatus.onHold, TaskStatus.inProgress, "SOMETHING_NEW", TaskStatus.completed,
        ] {
            #expect(
                RequestIndexPolicy.verdict(for: entry(status), run: "b", row: 1, allowRepeat: false)
                    == .refuse(entry(status).earlier))
        }
        #expect(
            RequestIndexPolicy.verdict(for: entry(TaskStatus.completed), run: "b", row: 1, allowRepeat: true)
                == .hold(generation: "task-1"))
        #expect(
            RequestIndexPolicy.verdict(for: entry("REJECTED"), run: "b", row: 1, allowRepeat: false)
                == .hold(generation: nil))
        // The same run and row with a task already: a run folder made again, not a resume.
        #expect(
            RequestIndexPolicy.verdict(for: entry(TaskStatus.onHold), run: "a", row: 1, allowRepeat: false)
                == .refuse(entry(TaskStatus.onHold).earlier))
    }
}

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
        let first = try RequestIndex(reports: directory.path, keyring: .testing)
        let second = try RequestIndex(reports: directory.path, keyring: .testing)
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
        let index = try RequestIndex(reports: directory.path, keyring: .testing)
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

    /// A ledger for run `name` under `reports`, created at `createdAt`, holding `rows` (all `SUBMITTING`).
    private func holderLedger(
        _ name: String, in reports: TemporaryDirectory, createdAt: String, rows: [Int]
    ) async throws {
        let folder = reports.file(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ledger = try Ledger(path: folder + "/" + Ledger.fileName)
        try await ledger.create(
            RunRecord(
                name: name, inputPath: "in.csv", inputSHA256: LedgerFixtures.digest, header: ["email", "request_type"],
                defaults: .init(), endpoint: nil, createdAt: createdAt))
        try await ledger.ingest(
            rows.map { LedgerFixtures.valid($0, "shopper@example.com") }, scope: .sandbox, complete: false,
            validState: .submitting)
    }

    @Test func aClaimItsRunNeverStoredPassesToTheNextRowThatAsks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let index = try RequestIndex(reports: directory.path, keyring: .testing)
        // Run a claimed row 5 and crashed before storing it: nothing was sent.
        try await holderLedger("a", in: directory, createdAt: "2000-01-01T00:00:00.000Z", rows: [1, 2])
        #expect(try await index.claim([(5, request)], run: "a", scope: .sandbox, allowRepeat: false)[5] != nil)
        #expect(
            try await index.preview([(1, request)], run: "b", scope: .sandbox, allowRepeat: false)[1]
                == .send(generation: nil))
        #expect(
            try await index.claim([(1, request)], run: "b", scope: .sandbox, allowRepeat: false)[1]
                == .send(generation: nil))
        // Now b holds it (b has no ledger yet: its claim stands), and a is refused.
        let again = try await index.claim([(5, request)], run: "a", scope: .sandbox, allowRepeat: false)[5]
        #expect(again == .alreadyRequested(EarlierRequest(run: "b", row: 1, taskId: nil, status: nil)))
    }

    @Test func aLinkedRunFolderNeverFreesAClaim() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = try TemporaryDirectory()
        defer { reports.remove() }
        // A ledger elsewhere, lacking row 5, linked in as run a's folder: it must not be believed.
        try await holderLedger("elsewhere", in: directory, createdAt: "2000-01-01T00:00:00.000Z", rows: [1])
        try FileManager.default.createSymbolicLink(
            atPath: reports.file("a"), withDestinationPath: directory.file("elsewhere"))
        let index = try RequestIndex(reports: reports.path, keyring: .testing)
        _ = try await index.claim([(5, request)], run: "a", scope: .sandbox, allowRepeat: false)
        let claim = try await index.claim([(1, request)], run: "b", scope: .sandbox, allowRepeat: false)[1]
        #expect(claim == .alreadyRequested(EarlierRequest(run: "a", row: 5, taskId: nil, status: nil)))
    }

    @Test func aClaimStandsWhileItsRowIsStoredOrItsFolderWasMadeAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let index = try RequestIndex(reports: directory.path, keyring: .testing)
        _ = try await index.claim([(2, request)], run: "stored", scope: .sandbox, allowRepeat: false)
        try await holderLedger("stored", in: directory, createdAt: "2000-01-01T00:00:00.000Z", rows: [1, 2])
        let other = PrivacyRequest(type: .retrieval, email: "shopper@example.com")
        _ = try await index.claim([(7, other)], run: "remade", scope: .sandbox, allowRepeat: false)
        // Made again after the claim: what the old folder's run sent is unknown.
        try await holderLedger("remade", in: directory, createdAt: "2999-01-01T00:00:00.000Z", rows: [1])
        let claims = try await index.claim([(1, request), (2, other)], run: "c", scope: .sandbox, allowRepeat: false)
        #expect(claims[1] == .alreadyRequested(EarlierRequest(run: "stored", row: 2, taskId: nil, status: nil)))
        #expect(claims[2] == .alreadyRequested(EarlierRequest(run: "remade", row: 7, taskId: nil, status: nil)))
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

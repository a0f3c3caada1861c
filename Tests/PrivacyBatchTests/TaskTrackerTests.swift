import Foundation
import TestSupport
import Testing

@testable import PrivacyBatch
@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

/// Tracking, watch, cancel and download driven through a scripted API, in pages smaller than the run.
@Suite struct TaskTrackerTests {
    /// A ledger of `count` submitted rows with tasks `t1`…; rows in `retrievals` are retrievals.
    private static func ledger(
        in directory: TemporaryDirectory, count: Int, retrievals: Set<Int> = []
    ) async throws -> Ledger {
        let ledger = try await LedgerFixtures.ledger(
            in: directory,
            rows: (1...count).map { row in
                retrievals.contains(row)
                    ? LedgerFixtures.valid(row, "s\(row)@example.com", .retrieval, holdingPeriod: nil)
                    : LedgerFixtures.valid(row, "s\(row)@example.com")
            }
        )
        try await ledger.record(
            (1...count).map { SubmissionAnswer(row: $0, attempts: 1, result: .accepted(taskId: "t\($0)")) })
        return ledger
    }

    private static func tracker(_ api: ScriptedTaskAPI, pageSize: Int) -> TaskTracker {
        let caller = RetryingCaller(settings: SubmissionSettings(rate: 1000, burst: 100), stop: StopSignal())
        var tracker = TaskTracker(client: api, caller: caller, concurrency: 3)
        tracker.pageSize = pageSize
        return tracker
    }

    @Test func aRefreshReadsEveryOpenTaskOnceAcrossPages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await Self.ledger(in: directory, count: 7)
        var scripts = Dictionary(uniqueKeysWithValues: (1...6).map { ("t\($0)", [TaskStatus.onHold]) })
        scripts["t3"] = [TaskStatus.completed]
        let api = ScriptedTaskAPI(scripts)  // t7 is unknown to the API
        let tally = try await Self.tracker(api, pageSize: 2).refreshOpen(ledger: ledger, schedule: nil)
        #expect(tally.refreshed == 6)
        #expect(tally.unknown == 1)
        #expect(api.queries.values.allSatisfy { $0 == 1 })
        #expect(api.queries.count == 6)
        // The completed task and the unknown one leave the open set.
        #expect(try await ledger.openTaskCount() == 5)
    }

    @Test func aWatchFollowsEveryTaskToTheEndInPages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await Self.ledger(in: directory, count: 5)
        let api = ScriptedTaskAPI(
            Dictionary(uniqueKeysWithValues: (1...5).map { ("t\($0)", [TaskStatus.inProgress, TaskStatus.completed]) })
        )
        var rounds: [Int] = []
        try await Self.tracker(api, pageSize: 2).watch(ledger: ledger, schedule: PollSchedule(dayLength: 0.01)) {
            open in
            rounds.append(open)
        }
        // How the second checks group into rounds depends on when each first answer was recorded; what
        // cannot vary: every task is checked exactly twice and the last round leaves none open.
        #expect(rounds.first == 5)
        #expect(rounds.last == 0)
        #expect(api.queries == Dictionary(uniqueKeysWithValues: (1...5).map { ("t\($0)", 2) }))
        #expect(try await ledger.openTaskCount() == 0)
    }

    @Test func cancelAllSendsOnlyOpenDeletionsAndRecordsRefusals() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await Self.ledger(in: directory, count: 6, retrievals: [2])
        let api = ScriptedTaskAPI([
            "t1": [TaskStatus.onHold], "t2": [TaskStatus.inProgress], "t3": [TaskStatus.inProgress],
            "t4": [TaskStatus.completed], "t5": [TaskStatus.onHold], "t6": [TaskStatus.onHold],
        ])
        let tracker = Self.tracker(api, pageSize: 2)
        _ = try await tracker.refreshOpen(ledger: ledger, schedule: nil)
        let plan = try await CancelPlan(scope: .all, ledger: ledger, pageSize: 2)
        #expect(plan.candidates == 4)
        #expect(plan.firstRetrievals == [2])
        #expect(plan.firstFinished == [4])
        let tally = try await tracker.cancel(.all, ledger: ledger)
        #expect(tally.cancelled == 3)
        #expect(tally.refused == 1)
        #expect(Set(api.cancels) == ["t1", "t3", "t5", "t6"])
        let rows = try await ledger.submittedRows(.all, after: 0, limit: 10)
        #expect(
            rows.map(\.taskStatus) == [
                "CANCELLED", "IN_PROGRESS", "IN_PROGRESS", "COMPLETED", "CANCELLED", "CANCELLED",
            ])
        #expect(rows[2].errorCode == "CannotCancelPersonalDataDeletionTask")
    }

    @Test func downloadFetchesEveryCompletedRetrievalWithoutAnArchiveAcrossPages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await Self.ledger(in: directory, count: 5, retrievals: [1, 2, 3, 4])
        let api = ScriptedTaskAPI([
            "t1": [TaskStatus.completed], "t2": [TaskStatus.inProgress], "t3": [TaskStatus.completed],
            "t4": [TaskStatus.completed], "t5": [TaskStatus.completed],
        ])
        let tracker = Self.tracker(api, pageSize: 1)
        _ = try await tracker.refreshOpen(ledger: ledger, schedule: nil)
        #expect(try await TaskTracker.archivesToDownloadCount(in: ledger, pageSize: 1) == 3)
        let tally = try await tracker.downloadArchives(into: directory.file("data"), ledger: ledger)
        #expect(tally.saved == 3)
        #expect(api.downloads == 3)
        #expect(try await TaskTracker.archivesToDownloadCount(in: ledger) == 0)
        let archived = try await ledger.submittedRows(.all, after: 0, limit: 10).compactMap(\.archivePath)
        #expect(archived == [1, 3, 4].map { directory.file("data") + "/row-\($0).zip" })
    }

    @Test func aStagedSelectionOfTaskIdsIsRefreshedAcrossPagesAndNothingElse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await Self.ledger(in: directory, count: 6)
        let api = ScriptedTaskAPI(Dictionary(uniqueKeysWithValues: (1...6).map { ("t\($0)", [TaskStatus.completed]) }))
        try await ledger.stageSelection(.taskId, values: [("t5", 2), ("t2", 3), ("not-in-this-run", 4)])
        #expect(try await ledger.submittedCount(.staged(.taskId)) == 2)
        let tally = try await Self.tracker(api, pageSize: 1).refresh(.staged(.taskId), ledger: ledger)
        #expect(tally.refreshed == 2)
        #expect(api.queries == ["t2": 1, "t5": 1])
        #expect(try await ledger.openTaskCount() == 4)
    }
}

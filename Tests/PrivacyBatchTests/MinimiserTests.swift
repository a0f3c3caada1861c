import Foundation
import PrivacyBatchCore
import PrivacyBatchLedger
import TestSupport
import Testing

@testable import PrivacyBatch

@Suite struct MinimiserTests {
    private typealias Situation = MinimisationFixture.Situation

    private static let inUse: Set<Situation> = [.pending, .submitting, .error, .open]
    private static let needingPerson: Set<Situation> = [
        .invalid, .rejected, .retrievalNotHandedOver, .ordersNotClosed, .otherFailure, .notFound,
    ]
    /// Finished, but for the two rows waiting for the open deletion that holds their shopper's request.
    private static let finished: Set<Situation> = [
        .completedDeletion, .cancelled, .handedOverRetrieval, .failedRetrieval, .ordersNotClosedGivenUp,
    ]
    private static let waiting: Set<Situation> = [.duplicate, .alreadyRequested]

    private func minimised(_ fixture: MinimisationFixture) async throws -> Set<Situation> {
        Set(
            try await fixture.ledger.allRows().filter { $0.minimisedAt != nil }.compactMap {
                Situation(rawValue: $0.row)
            })
    }

    private func minimiser(_ fixture: MinimisationFixture) -> Minimiser {
        Minimiser(folder: fixture.folder, ledger: fixture.ledger, record: fixture.record)
    }

    @Test func retentionTakesFinishedRowsAfterRetainPIIAndRowsNeedingAPersonAfterTheMaximum() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let policy = RetentionPolicy(finished: .days(30), needingPerson: .days(90))
        let now = Date()

        let early = try await minimiser(fixture).minimise(.retention(policy), now: now)
        #expect(early.minimised == 0)
        #expect(try await minimised(fixture).isEmpty)
        let next = try #require(early.nextDueAt)
        #expect(next > now.addingTimeInterval(29 * 86_400) && next <= now.addingTimeInterval(30 * 86_400))

        let month = try await minimiser(fixture).minimise(.retention(policy), now: now.addingTimeInterval(31 * 86_400))
        #expect(try await minimised(fixture) == Self.finished)
        #expect(month.minimised == Self.finished.count)
        #expect(month.pastMaximum == 0)
        #expect(month.gaveUp == 0)
        #expect(month.archivesDeleted == 1)  // the handed-over retrieval's

        let quarter = try await minimiser(fixture).minimise(
            .retention(policy), now: now.addingTimeInterval(91 * 86_400))
        #expect(try await minimised(fixture) == Self.finished.union(Self.needingPerson))
        #expect(quarter.minimised == Self.needingPerson.count)
        #expect(quarter.pastMaximum == Self.needingPerson.count)
        // The open-order failure cannot be sent again without its email: it is given up with it.
        #expect(quarter.gaveUp == 1)
        #expect(try await fixture.row(.ordersNotClosed).gaveUpAt != nil)
        #expect(quarter.archivesDeleted == 1)
        // Rows the tool needs, and the duplicates of a request still open, keep their values at any age.
        let later = try await minimiser(fixture).minimise(
            .retention(policy), now: now.addingTimeInterval(10_000 * 86_400))
        #expect(later.minimised == 0)
        for situation in Self.inUse.union(Self.waiting) {
            #expect(try await fixture.row(situation).email != nil || situation == .duplicate, "\(situation)")
            #expect(try await fixture.row(situation).minimisedAt == nil, "\(situation)")
        }
    }

    @Test func everythingTakesEveryRowTheToolNoLongerNeedsAndCountsTheRest() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let tally = try await minimiser(fixture).minimise(.everything)
        #expect(try await minimised(fixture) == Self.finished.union(Self.needingPerson))
        #expect(tally.inUse == Self.inUse.count)
        #expect(tally.archivesDeleted == 2)
        #expect(tally.gaveUp == 1)
        for situation in [Situation.handedOverRetrieval, .retrievalNotHandedOver] {
            #expect(!FileManager.default.fileExists(atPath: fixture.folder.archives + "/row-\(situation.rawValue).zip"))
            #expect(try await fixture.row(situation).archiveDeletedAt != nil)
        }
        // A second pass finds nothing more to do.
        #expect(try await minimiser(fixture).minimise(.everything).minimised == 0)
    }

    @Test func duplicatesWaitForTheirHolderAndGoInTheSamePassOnceItDoes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        _ = try await minimiser(fixture).minimise(.everything)
        for situation in Self.waiting {
            #expect(try await fixture.row(situation).minimisedAt == nil, "\(situation)")
        }
        // The holder's task completes: the holder and, in the same pass, the rows that waited for it go.
        try await fixture.ledger.recordSnapshots([
            (Situation.open.rawValue, TaskSnapshot(taskId: "task-open", status: "COMPLETED"))
        ])
        let tally = try await minimiser(fixture).minimise(.everything)
        #expect(tally.minimised == 3)
        for situation in Self.waiting.union([.open]) {
            #expect(try await fixture.row(situation).minimisedAt != nil, "\(situation)")
        }
    }

    @Test func subjectsTakeOnlyThoseShoppersRowsAndKeepTheOnesInUse() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let key = RecordKey.testing
        let subjects = Set([
            key.subject(of: MinimisationFixture.email(.cancelled)),
            key.subject(of: MinimisationFixture.email(.invalid).uppercased()),
            key.subject(of: MinimisationFixture.email(.open)),
        ])
        let tally = try await minimiser(fixture).minimise(.subjects(subjects))
        #expect(try await minimised(fixture) == [.cancelled, .invalid])
        // The open deletion is in use, and its duplicates wait for it.
        #expect(tally.inUse == 1)
        #expect(tally.minimised == 2)
    }

    @Test func aRetentionPassSkipsTheRowsWhileTheLedgerIsUnchangedAndNothingIsDue() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let policy = RetentionPolicy(finished: .days(30), needingPerson: .days(90))
        let now = Date()
        let first = try await minimiser(fixture).minimise(.retention(policy), now: now)
        let due = try #require(first.nextDueAt)
        let schedule = try await fixture.ledger.minimisationSchedule()
        #expect(schedule.dueAt == Timestamp.string(due))
        #expect(schedule.revision == (try await fixture.ledger.revisions().current))

        // Unchanged and not due: the rows are not read (a sweep would have found the next due date again).
        let skipped = try await minimiser(fixture).minimise(.retention(policy), now: now.addingTimeInterval(60))
        #expect(skipped == Minimiser.Tally())

        // A change to the ledger makes the next pass look again.
        try await fixture.ledger.recordSnapshots([
            (Situation.open.rawValue, TaskSnapshot(taskId: "task-open", status: "IN_PROGRESS"))
        ])
        let looked = try await minimiser(fixture).minimise(.retention(policy), now: now.addingTimeInterval(60))
        #expect(looked.nextDueAt != nil)

        // Once the recorded time comes, the pass works even though nothing changed.
        // A day on: the first due rows (the duplicates, due first) wait for their open holder, but every other
        // finished row, however slowly the fixture was written, is due by then.
        let dueNow = try await minimiser(fixture).minimise(.retention(policy), now: due.addingTimeInterval(86_400))
        #expect(dueNow.minimised == Self.finished.count)
    }

    @Test func shorterDurationsGivenToALaterCommandAreNotSkippedByTheRunsSchedule() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        // The run's own durations (the defaults): nothing due for a month, recorded at this revision.
        let recorded = try await minimiser(fixture).minimise(.retention(RetentionPolicy.of(fixture.record)))
        #expect(recorded.minimised == 0)
        #expect(try await fixture.ledger.minimisationSchedule().dueAt != nil)

        // `--retain-pii 0d` on a command that changes nothing in the ledger: the finished rows go now.
        let given = RetentionPolicy.of(fixture.record, finished: .zero)
        let tally = try await minimiser(fixture).minimise(.retention(given))
        #expect(tally.minimised == Self.finished.count)
        // What it found is no schedule for the run's own durations: the next pass under them looks again.
        let next = try await minimiser(fixture).minimise(.retention(RetentionPolicy.of(fixture.record)))
        #expect(next.nextDueAt != nil)
    }

    @Test func theArchiveFileGoesFirstSoARowIsNeverMinimisedWhileItsFileStays() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        // The archive cannot be deleted (a folder where the file was: unlink refuses it, even for root).
        let path = fixture.folder.archives + "/row-\(Situation.handedOverRetrieval.rawValue).zip"
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        await #expect(throws: (any Error).self) {
            try await minimiser(fixture).minimise(
                .subjects([
                    RecordKey.testing.subject(of: MinimisationFixture.email(.handedOverRetrieval))
                ]))
        }
        let row = try await fixture.row(.handedOverRetrieval)
        #expect(row.minimisedAt == nil)
        #expect(row.email == MinimisationFixture.email(.handedOverRetrieval))
        #expect(row.archiveDeletedAt == nil)
    }

    @Test func aMinimisedRowKeepsItsProofAndLosesItsValues() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fixture = try await MinimisationFixture.make(reports: directory.file("reports"))
        let before = try await fixture.row(.completedDeletion)
        _ = try await minimiser(fixture).minimise(.everything)
        let after = try await fixture.row(.completedDeletion)
        #expect(after.email == nil)
        #expect(after.maskedEmail == "s•••@example.com")
        #expect(after.subject == before.subject)
        #expect(after.taskId == before.taskId)
        #expect(after.taskStatus == before.taskStatus)
        #expect(after.finalAt == before.finalAt)
        #expect(after.values == ["s•••@example.com", "deletion", ""])
    }
}

import Foundation
import GRDB
import TestSupport
import Testing

@testable import PrivacyBatchCore
@testable import PrivacyBatchLedger

@Suite struct LedgerTests {
    @Test func storesRowsWithStatesAndDerivedClientTokens() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory,
            rows: [
                LedgerFixtures.valid(1, "a@example.com"), LedgerFixtures.invalid(2, .emailInvalid),
                LedgerFixtures.invalid(3, .duplicate),
            ]
        )
        let counts = try await ledger.stateCounts()
        #expect(counts[.pending] == 1)
        #expect(counts[.invalid] == 1)
        #expect(counts[.duplicate] == 1)
        let rows = try await ledger.allRows()
        #expect(rows.map(\.row) == [1, 2, 3])
        #expect(
            rows[0].clientToken
                == ClientToken.derive(
                    PrivacyRequest(type: .deletion, email: "a@example.com", holdingPeriod: 10), scope: .sandbox,
                    generation: nil))
        #expect(rows[0].values == ["a@example.com", "deletion"])
        #expect(rows[1].errorCode == "EMAIL_INVALID")
        #expect(try await ledger.run()?.ingestComplete == true)
        #expect(try await ledger.run()?.ingestedRows == 3)
    }

    @Test func keepsValidCountsPerTypeAcrossChunks() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory,
            rows: [LedgerFixtures.valid(1, "a@example.com"), LedgerFixtures.invalid(2, .emailInvalid)],
            complete: false
        )
        try await ledger.ingest(
            [
                LedgerFixtures.valid(3, "b@example.com", .retrieval), LedgerFixtures.valid(4, "c@example.com"),
                LedgerFixtures.invalid(5, .duplicate),
            ],
            scope: .sandbox,
            complete: true
        )
        #expect(try await ledger.validCounts() == [.deletion: 2, .retrieval: 1])
        // Reopening does not count again.
        #expect(try await Ledger(path: ledger.path).validCounts() == [.deletion: 2, .retrieval: 1])
    }

    @Test func migrationCountsTheValidRowsOfAnOlderLedger() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ledger.sqlite")
        let older = try DatabaseQueue(path: path)
        try Ledger.migrator.migrate(older, upTo: "v3-report-revisions")
        try await older.write { db in
            for (row, type) in [(1, "deletion"), (2, nil), (3, "retrieval"), (4, "deletion")] {
                try db.execute(
                    sql: "INSERT INTO row (row, line, type, cells, state) VALUES (?, ?, ?, '[]', 'PENDING')",
                    arguments: [row, row + 1, type]
                )
            }
        }
        try older.close()
        #expect(try await Ledger(path: path).validCounts() == [.deletion: 2, .retrieval: 1])
    }

    @Test func answersMoveRowsThroughTheStateMachine() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory,
            rows: (1...4).map { LedgerFixtures.valid($0, "s\($0)@example.com") }
        )
        try await ledger.markSubmitting([1, 2, 3, 4])
        #expect(try await ledger.stateCounts()[.submitting] == 4)
        try await ledger.record([
            SubmissionAnswer(row: 1, attempts: 1, result: .accepted(taskId: "t1")),
            SubmissionAnswer(
                row: 2, attempts: 1, result: .rejected(.rejected(code: "UnspecifiedError", message: "no"))),
            SubmissionAnswer(row: 3, attempts: 6, result: .gaveUp(.transient(reason: "HTTP 503"))),
            SubmissionAnswer(row: 4, attempts: 0, result: .interrupted(sent: false, cause: nil)),
        ])
        let rows = Dictionary(uniqueKeysWithValues: try await ledger.allRows().map { ($0.row, $0) })
        #expect(rows[1]?.state == .submitted)
        #expect(rows[1]?.taskId == "t1")
        #expect(rows[1]?.submittedAt != nil)
        #expect(rows[2]?.state == .rejected)
        #expect(rows[3]?.state == .error)
        #expect(rows[3]?.attempts == 6)
        #expect(rows[4]?.state == .pending)
        let unsent = try await ledger.rows(in: RowState.unsent, after: 0, limit: 10)
        #expect(unsent.map(\.row) == [3, 4])
    }

    @Test func isCreatedPrivateAndReopensWithItsSchema() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await LedgerFixtures.ledger(in: directory, rows: [LedgerFixtures.valid(1, "a@example.com")])
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.file("ledger.sqlite"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let reopened = try Ledger(path: directory.file("ledger.sqlite"))
        #expect(try await reopened.run()?.name == "test")
        #expect(try await reopened.stateCounts()[.pending] == 1)
    }

    @Test func cellsSurviveQuotesNewlinesAndControlCharacters() {
        let cells = ["plain", "with \"quotes\"", "line\nbreak", "tab\tand \u{1}", "back\\slash", "ünïcødé"]
        #expect(CellCodec.decode(CellCodec.encode(cells)) == cells)
    }

    @Test func tasksTheAPIForgotLeaveTheWatchAndArchivesClearOldErrors() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory,
            rows: [LedgerFixtures.valid(1, "a@example.com"), LedgerFixtures.valid(2, "b@example.com", .retrieval)]
        )
        try await ledger.record([
            SubmissionAnswer(row: 1, attempts: 1, result: .accepted(taskId: "t1")),
            SubmissionAnswer(row: 2, attempts: 1, result: .accepted(taskId: "t2")),
        ])
        let open = try await ledger.openRows(dueBy: .distantFuture, after: .start, limit: 100).rows
        #expect(open.map(\.row) == [1, 2])
        #expect(open.map(\.taskId) == ["t1", "t2"])
        #expect(open.allSatisfy { $0.values.isEmpty })
        #expect(try await ledger.openTaskCount() == 2)
        try await ledger.recordRefusal(row: 1, failure: .notFound(message: "gone"))
        #expect(try await ledger.openRows(dueBy: .distantFuture, after: .start, limit: 100).rows.map(\.row) == [2])
        #expect(try await ledger.openTaskCount() == 1)

        try await ledger.recordRefusal(row: 2, failure: .rejected(code: "NO_LINK", message: "no link yet"))
        try await ledger.recordArchive(row: 2, path: "/tmp/row-2.zip", size: 10, sha256: "ab")
        let archived = try await #require(try ledger.rows(numbered: [2]).first)
        #expect(archived.archivePath == "/tmp/row-2.zip")
        #expect(archived.errorCode == nil)
    }

    @Test func dueRowsComeInPagesOnceEachWhileScheduledOnesWait() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory, rows: (1...5).map { LedgerFixtures.valid($0, "s\($0)@example.com") })
        try await ledger.record(
            (1...5).map { SubmissionAnswer(row: $0, attempts: 1, result: .accepted(taskId: "t\($0)")) })
        let now = Date()
        try await ledger.scheduleChecks([(2, now.addingTimeInterval(3600)), (4, Date(timeIntervalSince1970: 10))])
        var seen: [Int] = []
        var cursor = Ledger.DueCursor.start
        while true {
            let page = try await ledger.openRows(dueBy: now, after: cursor, limit: 2)
            if page.rows.isEmpty { break }
            #expect(page.rows.count <= 2)
            seen += page.rows.map(\.row)
            cursor = page.next
        }
        #expect(seen == [1, 3, 5, 4])
        #expect(try await ledger.nextCheckDate() == Date(timeIntervalSince1970: 0))
    }

    @Test func stagedRowNumbersSelectSubmittedRowsAcrossPages() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let ledger = try await LedgerFixtures.ledger(
            in: directory, rows: (1...6).map { LedgerFixtures.valid($0, "s\($0)@example.com") })
        try await ledger.record(
            (1...5).map { SubmissionAnswer(row: $0, attempts: 1, result: .accepted(taskId: "t\($0)")) })
        try await ledger.stageSelection(.row, values: [("5", 2), (" 2", 3), ("x", 4)])
        try await ledger.stageSelection(.row, values: [("2", 5), ("6", 6), ("1", 7), ("99", 8)])
        var seen: [Int] = []
        var after = 0
        while true {
            let page = try await ledger.submittedRows(.staged(.row), after: after, limit: 1)
            guard let last = page.last else { break }
            seen += page.map(\.row)
            after = last.row
        }
        // Row 6 was never submitted; "x" and 99 name nothing, and say so with their lines.
        #expect(seen == [1, 2, 5])
        let unmatched = try await ledger.unmatchedSelection(.row, first: 10)
        #expect(unmatched.count == 2)
        #expect(unmatched.lines == [4, 8])
        try await ledger.clearSelection()
        #expect(try await ledger.submittedRows(.staged(.row), after: 0, limit: 10).isEmpty)
    }

    @Test func rowsFromBeforeKeyedHashesGetTheirSubjectsAndAnotherKeyLaterChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Ingested without a key, as before keyed hashes: no subjects, no key recorded.
        let ledger = try await LedgerFixtures.ledger(
            in: directory,
            rows: [
                LedgerFixtures.valid(1, "Shopper@Example.com"), LedgerFixtures.invalid(2, .emailInvalid),
                LedgerFixtures.valid(3, "other@example.com", .retrieval),
            ])
        try await ledger.record([SubmissionAnswer(row: 1, attempts: 1, result: .accepted(taskId: "task-1"))])
        #expect(try await ledger.allRows().allSatisfy { $0.subject == nil })

        let first = try RecordKey(bytes: [UInt8](repeating: 1, count: RecordKey.byteCount))
        #expect(try await ledger.adopt(first) == nil)
        let adopted = try await ledger.allRows()
        #expect(adopted[0].subject == first.subject(of: "shopper@example.com"))
        #expect(adopted[1].subject == nil)  // no email stored for an invalid row of that time
        #expect(adopted[2].subject == first.subject(of: "other@example.com"))
        #expect(try await ledger.run()?.recordKeyId == first.id)

        // A replaced key: named back, and no row loses its subject or its state.
        let replaced = try RecordKey(bytes: [UInt8](repeating: 2, count: RecordKey.byteCount))
        #expect(try await ledger.adopt(replaced) == first.id)
        #expect(try await ledger.allRows() == adopted)
        #expect(try await ledger.run()?.recordKeyId == first.id)
        #expect(adopted[0].state == .submitted && adopted[0].taskId == "task-1")
    }
}

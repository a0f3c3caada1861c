import Foundation
import GRDB
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

    /// Writes `<reports>/requests.sqlite` as a version before keyed hashes left it: the v1 table, emails in it.
    private func legacyIndex(
        in reports: String, entries: [(endpoint: String, email: String, run: String, row: Int, taskId: String)]
    ) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-requests") { db in
            try db.execute(
                sql: """
                    CREATE TABLE request (
                        endpoint TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL, email TEXT NOT NULL,
                        run TEXT NOT NULL, row INTEGER NOT NULL, taskId TEXT, status TEXT, generation TEXT,
                        updatedAt TEXT NOT NULL,
                        PRIMARY KEY (endpoint, target, type, email)
                    );
                    CREATE INDEX request_by_holder ON request(run, row);
                    """)
        }
        let queue = try DatabaseQueue(path: RequestIndex.path(reports: reports))
        try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        try migrator.migrate(queue)
        try queue.write { db in
            for entry in entries {
                try db.execute(
                    sql: """
                        INSERT INTO request VALUES (?, ?, 'deletion', ?, ?, ?, ?, 'COMPLETED', NULL,
                                                    '2026-01-01T00:00:00.000Z')
                        """,
                    arguments: [
                        entry.endpoint, entry.endpoint == "sandbox" ? "sandbox" : "", entry.email, entry.run, entry.row,
                        entry.taskId,
                    ])
            }
        }
    }

    /// The bytes of the index and its WAL, as written and lower-cased.
    private func indexBytes(_ reports: String) throws -> [Data] {
        let path = RequestIndex.path(reports: reports)
        return try [path, path + "-wal", path + "-shm"].filter { FileManager.default.fileExists(atPath: $0) }
            .flatMap { file -> [Data] in
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                return [bytes, Data(bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })]
            }
    }

    @Test func anIndexFromBeforeKeyedHashesIsHashedOnFirstClaimAndKeepsNoEmail() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let real = "https://api.example"
        try legacyIndex(
            in: directory.path,
            entries: [
                ("sandbox", "shopper@example.com", "old", 3, "task-old"),
                ("sandbox", "second.shopper@example.com", "old", 4, "task-second"),
                (real, "real.shopper@example.com", "old-real", 1, "task-real"),
            ])
        let emails = ["shopper@example.com", "second.shopper@example.com", "real.shopper@example.com"]
        #expect(try indexBytes(directory.path).contains { $0.range(of: Data(emails[0].utf8)) != nil })

        let index = try RequestIndex(reports: directory.path, keyring: .testing)
        // The shopper the old index knew is still recognised, by keyed hash now, in either case.
        let sandbox = try await index.claim([(1, request)], run: "new", scope: .sandbox, allowRepeat: false)
        #expect(
            sandbox[1] == .alreadyRequested(EarlierRequest(run: "old", row: 3, taskId: "task-old", status: "COMPLETED"))
        )
        let realRequest = PrivacyRequest(type: .deletion, email: " Real.Shopper@example.com", holdingPeriod: 10)
        let claimed = try await index.claim(
            [(2, realRequest)], run: "new", scope: RequestScope(endpoint: real, targetID: ""), allowRepeat: false)
        #expect(
            claimed[2]
                == .alreadyRequested(EarlierRequest(run: "old-real", row: 1, taskId: "task-real", status: "COMPLETED")))
        #expect(RecordKeyring.testing.takeNotes().isEmpty)

        for bytes in try indexBytes(directory.path) {
            for email in emails { #expect(bytes.range(of: Data(email.utf8)) == nil, "\(email)") }
        }
        // A later process finds the entries hashed, under the key's name.
        let reopened = try RequestIndex(reports: directory.path, keyring: .testing)
        let second = PrivacyRequest(type: .deletion, email: "SECOND.shopper@example.com", holdingPeriod: 10)
        #expect(
            try await reopened.preview([(5, second)], run: "newer", scope: .sandbox, allowRepeat: false)[5]
                == .alreadyRequested(EarlierRequest(run: "old", row: 4, taskId: "task-second", status: "COMPLETED")))
    }

    @Test func aReplacedRecordKeyIsNotedAndTheEntriesUnderTheOldOneStay() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = RecordKeyring(fixed: try RecordKey(bytes: [UInt8](repeating: 1, count: 32)))
        let index = try RequestIndex(reports: directory.path, keyring: first)
        #expect(
            try await index.claim([(1, request)], run: "a", scope: .sandbox, allowRepeat: false)[1]
                == .send(generation: nil))
        try await index.recordAnswers(run: "a", accepted: [(1, "task-1")], rejected: [])

        let replaced = RecordKeyring(fixed: try RecordKey(bytes: [UInt8](repeating: 2, count: 32)))
        let other = try RequestIndex(reports: directory.path, keyring: replaced)
        // Under another key the shopper is not recognised (the documented cost of a lost key), and that is said.
        #expect(
            try await other.preview([(1, request)], run: "b", scope: .sandbox, allowRepeat: false)[1]
                == .send(generation: nil))
        let notes = replaced.takeNotes()
        #expect(notes.count == 1)
        #expect(notes.first?.contains("another record key") == true)

        // The entry stays as it was: with the key restored, the request is refused again.
        let restored = try RequestIndex(reports: directory.path, keyring: first)
        #expect(
            try await restored.preview([(1, request)], run: "b", scope: .sandbox, allowRepeat: false)[1]
                == .alreadyRequested(EarlierRequest(run: "a", row: 1, taskId: "task-1", status: "SUBMITTED")))
        #expect(first.takeNotes().isEmpty)
    }
}

import Foundation
import PrivacyBatch
import PrivacyBatchCore
import PrivacyBatchLedger
import TestSupport
import Testing

/// Keep proof, not personal data, through the real commands on the embedded sandbox: once the retention passes,
/// no byte of a shopper's email stays anywhere under the reports folder, and the keyed hash still does its job.
@Suite struct PersonalDataTests {
    /// Shoppers of every kind the sandbox knows: finished deletions and retrievals, an open-order failure, a task
    /// the API does not find, rows a person must fix (a type nobody knows, an address without `@` whose cell is
    /// still personal) and a duplicate written in another case.
    static let shoppers = """
        ticket_id,email,request_type,holding_period,reason
        T-1,ada.lovelace@example.com,deletion,0,Customer request via support ticket
        T-2,grace.hopper@example.com,retrieval,,
        T-3,open-orders.buyer@example.com,deletion,0,Open order
        T-4,not-found.buyer@example.com,retrieval,,
        T-5,barbara.liskov@example.com,deletion,1,Right to delete
        T-6,alan.turing@example.org,erase,1,Unknown type
        T-7,katherine.johnson.example.com,deletion,1,No at sign
        T-8,ADA.Lovelace@Example.com,deletion,0,Same shopper again
        """

    /// The addresses the input holds, and the cell that is not one but is still the shopper's.
    static let personal = [
        "ada.lovelace@example.com", "grace.hopper@example.com", "open-orders.buyer@example.com",
        "not-found.buyer@example.com", "barbara.liskov@example.com", "alan.turing@example.org",
        "katherine.johnson.example.com", "ADA.Lovelace@Example.com",
    ]

    private func rows(_ reports: String, run: String) async throws -> [LedgerRow] {
        try await Ledger(path: RunFolder(reports: reports, name: run).ledger).allRows()
    }

    /// The row of `rows` numbered `number` (its ticket cell may be gone: it is not kept).
    private func row(_ rows: [LedgerRow], _ number: Int) throws -> LedgerRow {
        try #require(rows.first { $0.row == number })
    }

    @Test func afterARunAFollowUpAndTheRetentionNoFileUnderTheReportsHoldsAnEmail() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let input = try directory.write("shoppers.csv", Self.shoppers)
        let cli = { (arguments: [String]) in try await CLIProcess.run(arguments, directory: directory.path) }

        #expect(try await cli(["validate", input, "--reports", reports]).status == 1)
        #expect(FileManager.default.fileExists(atPath: reports + "/shoppers/invalid-rows.csv"))
        let run = try await cli(["run", input, "--reports", reports, "--wait", "--quiet"])
        #expect(run.status != 2, "\(run.stderr)")
        let download = try await cli(["download", "shoppers", "--reports", reports])
        #expect(download.status != 2, "\(download.stderr)")
        let archives = try FileManager.default.contentsOfDirectory(atPath: reports + "/shoppers/data")
        #expect(!archives.isEmpty)
        // Before the retention passes, the values are there: the scan below can find them.
        let before = try PersonalDataScan.findings(of: Self.personal, under: reports).map(\.file)
        #expect(before.contains { $0.hasSuffix("invalid-rows.csv") })
        #expect(before.contains { $0.hasSuffix("outcomes.csv") })
        #expect(before.contains { $0.hasSuffix("ledger.sqlite") || $0.hasSuffix("ledger.sqlite-wal") })

        let followUp = try await cli([
            "follow-up", "--reports", reports, "--retain-pii", "0d", "--retain-pii-max", "0d",
        ])
        #expect(followUp.status != 2, "\(followUp.stderr)")

        let left = try PersonalDataScan.findings(of: Self.personal, under: reports)
        #expect(left.isEmpty, "\(left.map { "\($0.email) in \($0.file)" })")
        let minimised = try await rows(reports, run: "shoppers")
        #expect(minimised.count == 8)
        for row in minimised {
            #expect(row.minimisedAt != nil, "row \(row.row)")
            #expect(row.email == nil, "row \(row.row)")
        }
        // The proof stays: every shopper's keyed hash, masked email, ticket-free cells, the task and its end.
        let ada = try #require(minimised.first { $0.row == 1 })
        #expect(ada.subject == RecordKey.testing.subject(of: "ada.lovelace@example.com"))
        #expect(ada.maskedEmail == "a•••@example.com")
        #expect(ada.taskStatus == "COMPLETED")
        #expect(ada.values == ["", "a•••@example.com", "deletion", "0", ""])
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports + "/shoppers/data").isEmpty)
        let outcomes = try String(contentsOfFile: reports + "/shoppers/outcomes.csv", encoding: .utf8)
        #expect(outcomes.contains("a•••@example.com"))
        #expect(outcomes.contains("GAVE_UP_ORDERS_NOT_CLOSED"))
        // Minimised rows leave the retry files: nothing is left to send again from them.
        let failures = try String(contentsOfFile: reports + "/shoppers/failures.csv", encoding: .utf8)
        #expect(failures.split(whereSeparator: \.isNewline).count == 1)
    }

    @Test func theKeyedHashStillRefusesASecondTaskForTheSameShopperOnceTheFirstRunIsMinimised() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let first = try directory.write("first.csv", Self.shoppers)
        let cli = { (arguments: [String]) in try await CLIProcess.run(arguments, directory: directory.path) }
        let run = try await cli([
            "run", first, "--reports", reports, "--wait", "--quiet", "--retain-pii", "0d", "--retain-pii-max", "0d",
        ])
        #expect(run.status != 2, "\(run.stderr)")
        #expect(try await rows(reports, run: "first").allSatisfy { $0.minimisedAt != nil && $0.email == nil })
        #expect(try PersonalDataScan.findings(of: Self.personal, under: reports).isEmpty)

        // The same shoppers in a later file: each valid one is refused by keyed hash, none is sent again.
        let second = try directory.write(
            "second.csv",
            """
            ticket_id,email,request_type,holding_period,reason
            T-9,Ada.Lovelace@example.com,deletion,0,Asked again
            T-10,grace.hopper@example.com,retrieval,,
            T-11,barbara.liskov@example.com,deletion,0,Asked again
            """)
        let again = try await cli(["run", second, "--reports", reports, "--quiet"])
        #expect(again.status != 2, "\(again.stderr)")
        let refused = try await rows(reports, run: "second")
        #expect(refused.count == 3)
        for row in refused {
            #expect(row.state == .alreadyRequested, "row \(row.row)")
            #expect(row.taskId != nil, "row \(row.row)")
            #expect(row.attempts == 0, "row \(row.row)")
        }
    }

    @Test func rowsThatNeedAPersonKeepTheirValuesUntilTheMaximumThenGoAndTheOpenOrderFailureIsGivenUp() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let input = try directory.write("shoppers.csv", Self.shoppers)
        let cli = { (arguments: [String]) in try await CLIProcess.run(arguments, directory: directory.path) }
        let run = try await cli(["run", input, "--reports", reports, "--wait", "--quiet", "--retain-pii", "0d"])
        #expect(run.status != 2, "\(run.stderr)")

        let kept = try await rows(reports, run: "shoppers")
        // Finished: a completed deletion, a retrieval the API could not do, the duplicate of a finished request.
        for number in [1, 5, 8] {
            let row = try row(kept, number)
            #expect(row.minimisedAt != nil, "row \(number)")
            #expect(row.values[1].contains("•••"), "row \(number)")
        }
        // A person must still act: the open-order failure, the rows to fix, the archive not handed over.
        let openOrders = try row(kept, 3)
        #expect(openOrders.errorCode == "ORDERS_NOT_CLOSED")
        #expect(openOrders.gaveUpAt == nil)
        for number in [2, 3, 6, 7] {
            let row = try row(kept, number)
            #expect(row.minimisedAt == nil, "row \(number)")
            #expect(Self.personal.contains(row.values[1]), "row \(number)")
            #expect(row.values[0] == "T-\(number)")
        }

        // A later command with --retain-pii-max 0d: their time is up.
        let status = try await cli(["status", "shoppers", "--reports", reports, "--retain-pii-max", "0d"])
        #expect(status.status != 2, "\(status.stderr)")
        let gone = try await rows(reports, run: "shoppers")
        for number in [2, 3, 6, 7] {
            let row = try row(gone, number)
            #expect(row.minimisedAt != nil, "row \(number)")
            #expect(row.email == nil, "row \(number)")
        }
        let givenUp = try row(gone, 3)
        #expect(givenUp.gaveUpAt != nil)
        #expect(Outcome(givenUp) == .gaveUpOrdersNotClosed)
        #expect(try PersonalDataScan.findings(of: Self.personal, under: reports).isEmpty)
    }

    @Test func forgetEmailFindsTheShopperAcrossRunsAndLeavesARowInUseUntouched() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let cli = { (arguments: [String]) in try await CLIProcess.run(arguments, directory: directory.path) }
        let first = try directory.write(
            "first.csv",
            """
            ticket_id,email,request_type,holding_period,reason
            T-1,ada.lovelace@example.com,deletion,0,First ask
            T-2,barbara.liskov@example.com,deletion,0,Someone else
            """)
        #expect(try await cli(["run", first, "--reports", reports, "--wait", "--quiet"]).status == 0)
        // The first run is minimised already: its row is still found by keyed hash.
        #expect(try await cli(["forget", "first", "--reports", reports]).status == 0)

        let second = try directory.write(
            "second.csv",
            """
            ticket_id,email,request_type,holding_period,reason
            T-3,ADA.LOVELACE@example.com,deletion,0,Asked again
            T-4,grace.hopper@example.com,deletion,180,Still on hold
            T-5,barbara.liskov@example.com,retrieval,,Someone else
            """)
        let held = try await cli(["run", second, "--reports", reports, "--quiet"])
        #expect(held.status != 2, "\(held.stderr)")
        let open = try row(try await rows(reports, run: "second"), 2)
        #expect(open.state == .submitted)
        #expect(open.taskStatus != "COMPLETED")

        let forgot = try await cli([
            "forget", "--email", " Ada.Lovelace@Example.com", "--email", "grace.hopper@example.com",
            "--reports", reports,
        ])
        #expect(forgot.status == 1, "\(forgot.stdout)\n\(forgot.stderr)")
        #expect(forgot.stdout.contains("run 'first': 0 rows minimised, 1 already, 0 still in use"))
        #expect(forgot.stdout.contains("run 'second': 1 rows minimised, 0 already, 1 still in use"))

        let secondRows = try await rows(reports, run: "second")
        let ada = try row(secondRows, 1)
        #expect(ada.minimisedAt != nil)
        #expect(ada.email == nil)
        #expect(ada.maskedEmail == "A•••@example.com")
        // The open task keeps everything the tool needs to carry it out.
        let grace = try row(secondRows, 2)
        #expect(grace == open || (grace.minimisedAt == nil && grace.email == "grace.hopper@example.com"))
        #expect(grace.values == ["T-4", "grace.hopper@example.com", "deletion", "180", "Still on hold"])
        // Another shopper's rows are not touched.
        let barbara = try row(secondRows, 3)
        #expect(barbara.minimisedAt == nil)
        #expect(barbara.email == "barbara.liskov@example.com")
        let adaFiles = try PersonalDataScan.findings(of: ["ada.lovelace@example.com"], under: reports)
        #expect(adaFiles.isEmpty, "\(adaFiles.map(\.file))")
    }

    @Test func aMinimisedRetrievalsArchiveIsNotFetchedAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let input = try directory.write(
            "retrievals.csv",
            """
            ticket_id,email,request_type
            T-1,grace.hopper@example.com,retrieval
            T-2,donald.knuth@example.com,retrieval
            """)
        let cli = { (arguments: [String]) in try await CLIProcess.run(arguments, directory: directory.path) }
        // The archives were never fetched, and their time is up: the rows are minimised without them.
        let run = try await cli([
            "run", input, "--reports", reports, "--wait", "--quiet", "--retain-pii", "0d", "--retain-pii-max", "0d",
        ])
        #expect(run.status != 2, "\(run.stderr)")
        let minimised = try await rows(reports, run: "retrievals")
        #expect(minimised.count == 2)
        #expect(minimised.allSatisfy { $0.minimisedAt != nil && $0.taskStatus == "COMPLETED" })

        // Neither download nor a follow-up pass brings the shoppers' data back into the reports folder.
        #expect(try await cli(["download", "retrievals", "--reports", reports]).status != 2)
        #expect(try await cli(["follow-up", "--reports", reports]).status != 2)
        let data = reports + "/retrievals/data"
        let saved = (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []
        #expect(saved.isEmpty, "\(saved)")
        let left = try PersonalDataScan.findings(
            of: ["grace.hopper@example.com", "donald.knuth@example.com"], under: reports)
        #expect(left.isEmpty, "\(left.map(\.file))")
    }
}

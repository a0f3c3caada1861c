import Foundation
import PrivacyBatch
import TestSupport
import Testing

/// Deadlines from a file's received dates, through the real command in the sandbox.
@Suite struct DeadlineTests {
    /// `YYYY-MM-DD` of today (UTC) moved by `days`.
    static func day(_ days: Int) -> String {
        let date = Date().addingTimeInterval(Double(days) * 86_400)
        return String(date.formatted(.iso8601.year().month().day()).prefix(10))
    }

    @Test func anAmbiguousDateIsRefusedBeforeAnythingIsCreatedAndReadAsToldWithAFormat() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try directory.write(
            "eu.csv",
            "email,request_type,Date Received\nann@example.com,retrieval,2025-01-31\nbo@example.com,retrieval,03/04/2025\n"
        )
        let reports = directory.file("reports")
        let refused = try await CLIProcess.run(["run", input, "--reports", reports], directory: directory.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("line 3"))
        #expect(refused.stderr.contains("--date-format"))
        #expect(!FileManager.default.fileExists(atPath: reports + "/eu"))

        let dry = try await CLIProcess.run(
            ["run", input, "--reports", reports, "--date-format", "DD/MM/YYYY", "--deadline", "ccpa", "--dry-run"],
            directory: directory.path)
        #expect(dry.status == 0)
        #expect(
            dry.stdout.contains("deadlines: 2 rows with a received date, due by CCPA (45 days); already overdue: 2"))
    }

    @Test func thePlanCountsOverdueAndAtRiskRowsAndTheReportsCarryEachDueDate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Received 40 days ago: past GDPR's month. 25 days ago with a 120-day hold: the hold plus 30 processing
        // days ends after the due date. Today: in time. Holds of 90 sandbox days (seconds) outlast the test, also on a loaded machine.
        let input = try directory.write(
            "q.csv",
            """
            email,request_type,holding_period,Request Date
            late@example.com,deletion,90,\(Self.day(-40))
            tight@example.com,deletion,120,\(Self.day(-25))
            fresh@example.com,retrieval,,\(Self.day(0))
            ann@example.com,deletion,90,31/01/2025

            """)
        let reports = directory.file("reports")
        let run = try await CLIProcess.run(
            ["run", input, "--reports", reports, "--date-format", "DD/MM/YYYY", "--json"], directory: directory.path)
        #expect(run.status == 0)
        #expect(run.stderr.contains("due by GDPR (one calendar month) (the default: no --deadline given)"))
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let details = document?["details"] as? [String: Int]
        #expect(details?["deadline.dated"] == 4)
        #expect(details?["deadline.overdue"] == 2)
        #expect(details?["deadline.atRisk"] == 1)

        let outcomes = try Samples.readRecords(reports + "/q/outcomes.csv")
        #expect(outcomes.map { $0["received_at"] } == [Self.day(-40), Self.day(-25), Self.day(0), "2025-01-31"])
        #expect(outcomes.last?["due_at"] == "2025-02-28")
        #expect(outcomes.map { $0["deadline"] } == ["overdue", "at_risk", "open", "overdue"])

        // The overdue requests reach a person through the digest.
        let digest = try await CLIProcess.run(["follow-up", "--reports", reports, "--json"], directory: directory.path)
        #expect(digest.status == 1)
        let followed = try JSONSerialization.jsonObject(with: Data(digest.stdout.utf8)) as? [String: Any]
        let runs = followed?["followUp"] as? [[String: Any]]
        let waiting = runs?.first?["waiting"] as? [String: Int]
        #expect(waiting?["overdue"] == 2)
        #expect(waiting?["at_risk"] == 1)
        #expect(!digest.stdout.contains("@example.com"))
        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: reports + "/q/summary.json"))) as? [String: Any]
        #expect((summary?["deadlines"] as? [String: Int])?.values.reduce(0, +) == 4)
    }
}

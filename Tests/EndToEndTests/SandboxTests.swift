import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// The README's sandbox: no endpoint, the embedded simulator with its state kept between commands.
@Suite(.serialized) struct SandboxTests {
    @Test func theReadmeCommandRunsTheSamplesInTheSandbox() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let result = try await CLIProcess.run(
            ["run", Samples.path("deletions.csv"), "--reports", reports], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("SANDBOX"))
        #expect(!result.stdout.contains("@example"))
        #expect(!result.stderr.contains("@example"))
        let outcomes = try Samples.readRecords(reports + "/deletions/outcomes.csv")
        #expect(outcomes.count == 12)
        #expect(outcomes.allSatisfy { $0["outcome"] == "SUBMITTED" })

        // The sandbox kept its tasks: status in a later command finds every one of them.
        let status = try await CLIProcess.run(["status", "deletions", "--reports", reports], directory: directory.path)
        #expect(status.status == 0 || status.status == 1, "\(status.stderr)")
        let after = try Samples.readRecords(reports + "/deletions/outcomes.csv")
        #expect(after.allSatisfy { ($0["task_status"] ?? "").isEmpty == false })
    }

    @Test func runWaitFollowsTheMixedSampleToTheEnd() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let result = try await CLIProcess.run(
            ["run", Samples.path("mixed.csv"), "--wait", "--reports", reports], directory: directory.path)
        #expect(result.status == 1, "\(result.stderr)")
        let outcomes = try Samples.readRecords(reports + "/mixed/outcomes.csv")
        #expect(outcomes.count == 8)
        #expect(outcomes.allSatisfy { ["COMPLETED", "FAILED"].contains($0["outcome"] ?? "") })
        let openOrders = try Samples.readRecords(reports + "/mixed/orders-not-closed.csv")
        #expect(openOrders.map { $0["ticket_id"] } == ["T-1005"])

        let download = try await CLIProcess.run(["download", "mixed", "--reports", reports], directory: directory.path)
        // Every command exits with the code of the run's state: two tasks FAILED, so 1, as `status` says too.
        #expect(download.status == 1, "\(download.stderr)")
        let archives = try FileManager.default.contentsOfDirectory(atPath: reports + "/mixed/data")
        #expect(archives.sorted() == ["row-2.zip", "row-4.zip", "row-8.zip"])

        let other = try await CLIProcess.run(
            ["run", Samples.path("retrievals.csv"), "--reports", reports],
            directory: directory.path
        )
        #expect(other.status == 0, "\(other.stderr)")
        let runs = try await CLIProcess.run(["runs", "--reports", reports], directory: directory.path)
        let lines = runs.stdout.split(separator: "\n").map(String.init)
        let mixedAt = try #require(lines.firstIndex { $0.hasPrefix("mixed ") })
        let retrievalsAt = try #require(lines.firstIndex { $0.hasPrefix("retrievals ") })
        // The open-order failure of 'mixed' waits for follow-up to send it again.
        #expect(
            lines[mixedAt + 1].contains(
                "work left: 1 deletions waiting for open orders to close ('privacy-batch follow-up mixed')"))
        // grace.hopper's retrieval COMPLETED in 'mixed': without --allow-repeat it is not requested again.
        #expect(lines[retrievalsAt + 1].contains("4 tasks not final"))
        let retrievals = try Samples.readRecords(reports + "/retrievals/outcomes.csv")
        #expect(
            retrievals.filter { $0["outcome"] == "ALREADY_REQUESTED" }.map { $0["email"] } == [
                "grace.hopper@example.com"
            ])
    }

    @Test func bulkCancelWorksWithinTheHoldingPeriodAndIsRefusedAfterIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let long = try GeneratedInput.write(to: directory.file("long-hold.csv"), count: 5, holdingPeriod: 180)
        #expect(try await CLIProcess.run(["run", long, "--reports", reports], directory: directory.path).status == 0)
        let cancel = try await CLIProcess.run(
            ["cancel", "long-hold", "--all", "--reports", reports], directory: directory.path)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        let cancelled = try Samples.readRecords(reports + "/long-hold/outcomes.csv")
        #expect(cancelled.allSatisfy { $0["outcome"] == "CANCELLED" })

        let short = try GeneratedInput.write(
            to: directory.file("no-hold.csv"), count: 3, holdingPeriod: 0, prefix: "quick")
        #expect(try await CLIProcess.run(["run", short, "--reports", reports], directory: directory.path).status == 0)
        let rows = try directory.write("pick.csv", "row\n1\n2\n")
        let refused = try await CLIProcess.run(
            ["cancel", "no-hold", "--rows", rows, "--reports", reports], directory: directory.path)
        #expect(refused.status == 1, "\(refused.stderr)")
        let outcomes = try Samples.readRecords(reports + "/no-hold/outcomes.csv")
        #expect(outcomes.prefix(2).allSatisfy { $0["error_code"] == "CannotCancelPersonalDataDeletionTask" })
        #expect(outcomes.prefix(2).allSatisfy { $0["outcome"] != "CANCELLED" })
    }
}

import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import PrivacyBatchLedger
import TestSupport
import Testing

/// `privacy-batch follow-up` as cron runs it: a child process against a loopback simulator, its exit code and
/// `--json` digest read as a monitoring check would.
@Suite struct FollowUpCommandTests {
    /// Runs `follow-up --json` with `extra` and returns its exit code and the runs of its digest by name.
    static func followUp(
        _ extra: [String] = [], reports: String, in directory: TemporaryDirectory
    ) async throws -> (status: Int32, runs: [String: [String: Any]], requests: Int?, stderr: String) {
        // The test simulator is not the sandbox: its archives are kept in the plain only when asked.
        let result = try await CLIProcess.run(
            ["follow-up", "--json", "--plaintext-archives", "--reports", reports] + extra, directory: directory.path,
            environment: simulatorEnvironment())
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let digests = document?["followUp"] as? [[String: Any]] ?? []
        let runs = Dictionary(
            uniqueKeysWithValues: digests.compactMap { digest in
                (digest["run"] as? String).map { ($0, digest) }
            })
        #expect(document?["exitCode"] as? Int32 == result.status)
        let requests = (document?["details"] as? [String: Int])?["requests"]
        return (result.status, runs, requests, result.stderr)
    }

    @Test func theDigestTellsAPersonOnceAndTheExitCodeFollows() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator(start: Date())
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let input = try directory.write(
                "shoppers.csv",
                "email,request_type,holding_period\nkim@example.com,deletion,1\nnot-an-email,deletion,1\nret@example.com,retrieval,\n"
            )
            _ = try await submittedRun(input, reports: directory.path, baseURL: baseURL, client: client)

            // The invalid row is news: exit 1, named by its line.
            var pass = try await Self.followUp(reports: directory.path, in: directory)
            #expect(pass.status == 1)
            #expect(pass.requests == 2)  // a query per task
            #expect(pass.runs["shoppers"]?["new"] as? [String: [Int]] == ["invalid": [3]])
            #expect(!pass.stderr.contains("@example.com"))

            // Told once: exit 0, still counted as waiting. Nothing was due: not one request.
            pass = try await Self.followUp(reports: directory.path, in: directory)
            #expect(pass.status == 0)
            #expect(pass.requests == 0)
            #expect(pass.runs["shoppers"]?["waiting"] as? [String: Int] == ["invalid": 1])

            // The retrieval completes: its archive is downloaded and waits to be handed over.
            clock.advance(by: 3)
            // Its next check is a real quarter-day away: `status` asks now.
            let status = try await CLIProcess.run(
                ["status", "shoppers", "--reports", directory.path], directory: directory.path,
                environment: simulatorEnvironment())
            #expect(status.status == 1)
            pass = try await Self.followUp(reports: directory.path, in: directory)
            #expect(pass.status == 1)
            #expect(pass.runs["shoppers"]?["new"] as? [String: [Int]] == ["archive_ready": [4]])
            #expect((pass.runs["shoppers"]?["pass"] as? [String: Int])?["archivesSaved"] == 1)

            // Named by row in a file, as an edited outcomes.csv would; a row without an archive is not marked.
            let delivered = try directory.write("delivered.csv", "row\n1\n3\n")
            let handed = try await CLIProcess.run(
                ["handed-over", "shoppers", "--rows", delivered, "--reports", directory.path], directory: directory.path
            )
            #expect(handed.status == 1)  // the run still holds an invalid row
            #expect(handed.stdout.contains("marked 1 archives handed over"))
            pass = try await Self.followUp(reports: directory.path, in: directory)
            #expect(pass.status == 0)
            #expect(pass.runs["shoppers"]?["waiting"] as? [String: Int] == ["invalid": 1])
        }
    }

    @Test func aLockedRunAndAnUnreadableOneAreReportedWhileTheOthersGoOn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await SimulatorHarness.withSimulator { baseURL, client in
            let good = try GeneratedInput.write(to: directory.file("good.csv"), count: 3)
            let held = try GeneratedInput.write(to: directory.file("held.csv"), count: 3, prefix: "held")
            _ = try await submittedRun(good, reports: directory.path, baseURL: baseURL, client: client)
            let (heldFolder, _) = try await submittedRun(
                held, reports: directory.path, baseURL: baseURL, client: client)
            let broken = RunFolder(reports: directory.path, name: "broken")
            try broken.create()
            try Data("not a database, truncated by a full disk".utf8).write(to: URL(fileURLWithPath: broken.ledger))

            let lock = try RunLock(folder: heldFolder)
            let pass = try await Self.followUp(reports: directory.path, in: directory)
            #expect(pass.status == 1)  // the damaged ledger needs a person
            #expect(
                (pass.runs["held"]?["skipped"] as? String)?.contains("in use by another privacy-batch process") == true)
            #expect(pass.runs["held"]?["needsPerson"] as? Bool == false)
            #expect((pass.runs["broken"]?["problem"] as? String)?.hasPrefix("could not be opened") == true)
            #expect((pass.runs["good"]?["pass"] as? [String: Int])?["refreshed"] == 3)
            #expect(pass.runs["good"]?["problem"] == nil)

            // A run another process holds is its work, not a person's: alone, it leaves the exit code at 0.
            try FileManager.default.removeItem(atPath: broken.path)
            let again = try await Self.followUp(reports: directory.path, in: directory)
            withExtendedLifetime(lock) {}
            #expect(again.status == 0)
            #expect(again.runs["held"]?["skipped"] != nil)
        }
    }

    @Test func overlappingFollowUpsDoEachReopenOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator(start: Date())
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            for name in ["a", "b", "c"] {
                let input = try GeneratedInput.write(
                    to: directory.file("\(name).csv"), count: 20, holdingPeriod: 1, prefix: "open-orders-2d.\(name)")
                _ = try await submittedRun(input, reports: directory.path, baseURL: baseURL, client: client)
            }
            clock.advance(by: 3)
            var pass = try await Self.followUp(reports: directory.path, in: directory)
            #expect(pass.status == 0)
            #expect(pass.runs.count == 3)
            clock.advance(by: 3)

            // Two passes at once, both due to send every failure again.
            let reopen = ["follow-up", "--json", "--reports", directory.path, "--reopen-after", "0s", "--rate", "50"]
            let first = try CLIProcess(reopen, directory: directory.path, environment: simulatorEnvironment())
            let second = try CLIProcess(reopen, directory: directory.path, environment: simulatorEnvironment())
            _ = await (first.wait(), second.wait())
            pass = try await Self.followUp(["--reopen-after", "0s"], reports: directory.path, in: directory)
            #expect(pass.status == 0)
            let tasks = try await tasksPerEmail(baseURL)
            #expect(tasks.count == 60)
            #expect(tasks.values.allSatisfy { $0 == 2 })
        }
    }

    @Test func aPassKilledWhileSendingLeavesNothingLostAndNothingTwice() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (configuration, clock) = manuallyClockedSimulator(start: Date())
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let input = try GeneratedInput.write(
                to: directory.file("q4.csv"), count: 120, holdingPeriod: 1, prefix: "open-orders-2d.s")
            _ = try await submittedRun(input, reports: directory.path, baseURL: baseURL, client: client)
            clock.advance(by: 3)
            _ = try await Self.followUp(reports: directory.path, in: directory)
            clock.advance(by: 3)

            let slow = try CLIProcess(
                [
                    "follow-up", "--reports", directory.path, "--reopen-after", "0s", "--rate", "20", "--concurrency",
                    "2",
                ],
                directory: directory.path, environment: simulatorEnvironment())
            try await eventually("the pass has sent some reopened requests") {
                try await SimulatorHarness.tasks(baseURL: baseURL).count >= 130
            }
            slow.signal(SIGKILL)
            #expect(await slow.wait().status == 128 + SIGKILL)
            let sentBeforeKill = try await SimulatorHarness.tasks(baseURL: baseURL).count
            #expect(sentBeforeKill < 240)

            let resumed = try await Self.followUp(["--reopen-after", "0s"], reports: directory.path, in: directory)
            #expect(resumed.status == 0)
            let tasks = try await tasksPerEmail(baseURL)
            #expect(tasks.count == 120)
            #expect(tasks.values.allSatisfy { $0 == 2 })
            let outcomes = try Samples.readRecords(RunFolder(reports: directory.path, name: "q4").outcomes)
            #expect(outcomes.count == 120)
            #expect(outcomes.allSatisfy { $0["reopens"] == "1" })
            #expect(outcomes.allSatisfy { ["SUBMITTED", "ON_HOLD"].contains($0["outcome"]) })
        }
    }
}

/// `follow-up` across endpoints and over time, in the sandbox.
@Suite struct FollowUpSandboxTests {
    @Test func aRunWhoseEndpointHasNoCredentialsIsReportedWhileTheSandboxRunGoesOn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        try await SimulatorHarness.withSimulator { baseURL, client in
            let remote = try GeneratedInput.write(to: directory.file("remote.csv"), count: 2, prefix: "remote")
            _ = try await submittedRun(remote, reports: reports, baseURL: baseURL, client: client)
        }
        let local = try await sandboxRun("retrievals.csv", reports: reports, in: directory, ["--quiet"])
        #expect(local.status == 0)
        // No BWP_CLIENT_ID in this environment: the remote run cannot be followed, the sandbox one can.
        let pass = try await CLIProcess.run(["follow-up", "--reports", reports, "--json"], directory: directory.path)
        #expect(pass.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(pass.stdout.utf8)) as? [String: Any]
        let runs = (document?["followUp"] as? [[String: Any]]) ?? []
        let remoteDigest = try #require(runs.first { $0["run"] as? String == "remote" })
        let sandboxDigest = try #require(runs.first { $0["run"] as? String == "retrievals" })
        #expect((remoteDigest["problem"] as? String)?.contains("BWP_CLIENT_ID") == true)
        #expect((sandboxDigest["pass"] as? [String: Int])?["refreshed"] == 5)
    }

    @Test func watchCarriesOpenOrdersToTheirEndAndStopsWhenNothingIsLeft() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let reports = directory.file("reports")
        let input = try directory.write(
            "q.csv",
            """
            email,request_type,holding_period
            kim@example.com,deletion,1
            open-orders-2d.kim@example.com,deletion,1
            open-orders.lee@example.com,deletion,1

            """)
        let run = try await CLIProcess.run(["run", input, "--reports", reports, "--quiet"], directory: directory.path)
        #expect(run.status == 0)
        // Sandbox days are seconds: a reopen every second, given up after sixty seconds from the first attempt (slack
        // for a loaded machine, where the run itself may take tens of seconds: the 2-day shopper needs about four).
        let watch = try await CLIProcess.run(
            ["follow-up", "--watch", "--reopen-after", "1s", "--give-up-after", "60s", "--reports", reports],
            directory: directory.path)
        #expect(watch.status == 1)
        #expect(watch.stderr.contains("next wake-up: "))
        #expect(watch.stdout.contains("q: 1 deletions given up, orders still open"))
        let outcomes = try Samples.readRecords(reports + "/q/outcomes.csv")
        #expect(outcomes.map { $0["outcome"] } == ["COMPLETED", "COMPLETED", "GAVE_UP_ORDERS_NOT_CLOSED"])
        #expect(Int(outcomes[1]["reopens"] ?? "") ?? 0 >= 1)
        // A given-up request needs a person, for every command that reports the run's state, as FAILED did.
        let report = try await CLIProcess.run(["report", "q", "--reports", reports], directory: directory.path)
        #expect(report.status == 1)
    }
}

import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// The `privacy-batch` executable run as a child process, as an operator runs it.
@Suite(.serialized) struct CommandLineTests {
    @Test func aRunKilledPartWayAndRerunCreatesNoDuplicate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("killed.csv"), count: 200)
        // The gate answers 40 start requests and holds the rest, so the kill lands part-way by construction.
        let gate = RequestGate(passing: 40)
        var configuration = SimulatorConfiguration()
        configuration.requestGate = gate
        try await SimulatorHarness.withSimulator(configuration) { baseURL, _ in
            let arguments = [
                "run", input, "--endpoint", baseURL, "--reports", directory.file("reports"), "--rate", "40", "--yes",
            ]
            let child = try CLIProcess(arguments, directory: directory.path, environment: simulatorEnvironment())
            #expect(try await waitForTasks(on: baseURL, atLeast: 40) == 40)
            try await eventually("the child is held at the gate") { gate.held > 0 }
            child.signal(SIGKILL)
            #expect(await child.wait().status == 128 + SIGKILL)
            #expect(try await SimulatorHarness.tasks(baseURL: baseURL).count == 40)
            gate.open()

            let rerun = try await CLIProcess.run(
                arguments.map { $0 == "40" ? "400" : $0 },
                directory: directory.path,
                environment: simulatorEnvironment()
            )
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let perEmail = try await tasksPerEmail(baseURL)
            #expect(perEmail.count == 200)
            #expect(perEmail.values.allSatisfy { $0 == 1 })
            let outcomes = try Samples.readRecords(directory.file("reports/killed/outcomes.csv"))
            #expect(outcomes.map { $0["row"] } == (1...200).map { String($0) })
            #expect(outcomes.allSatisfy { $0["outcome"] == "SUBMITTED" })

            // The audit log agrees with the ledger, and a request resent after the kill is logged as a resend.
            let verify = try await CLIProcess.run(
                ["verify", "killed", "--reports", directory.file("reports")], directory: directory.path)
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            let log = try AuditLogFile(run: directory.file("reports/killed"))
            #expect(try log.duplicateSends().isEmpty)
            #expect(try log.entries().contains { $0.event == "resent" })
        }
    }

    @Test func sigintWritesReportsExits130AndTheRerunFinishes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("interrupted.csv"), count: 150)
        try await SimulatorHarness.withSimulator { baseURL, _ in
            let arguments = [
                "run", input, "--endpoint", baseURL, "--reports", directory.file("reports"), "--rate", "30", "--yes",
            ]
            let child = try CLIProcess(arguments, directory: directory.path, environment: simulatorEnvironment())
            _ = try await waitForTasks(on: baseURL, atLeast: 20)
            child.signal(SIGINT)
            let result = await child.wait()
            #expect(result.status == 130, "\(result.stderr)")
            #expect(result.stderr.contains("resume with: privacy-batch run"))
            let outcomes = try Samples.readRecords(directory.file("reports/interrupted/outcomes.csv"))
            #expect(outcomes.count == 150)
            let submitted = outcomes.filter { $0["outcome"] == "SUBMITTED" }.count
            #expect(submitted == (try await SimulatorHarness.tasks(baseURL: baseURL).count))
            #expect(outcomes.contains { $0["outcome"] == "NOT_ATTEMPTED" })

            let rerun = try await CLIProcess.run(
                arguments, directory: directory.path, environment: simulatorEnvironment())
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(try await tasksPerEmail(baseURL).values.allSatisfy { $0 == 1 })
            #expect(try await SimulatorHarness.tasks(baseURL: baseURL).count == 150)
        }
    }

    @Test func aSecondSigintExitsAtOnceAndTheRerunLosesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("twice.csv"), count: 60)
        // Requests past the tenth are held, so the first SIGINT finds requests in flight that cannot finish.
        let gate = RequestGate(passing: 10)
        var configuration = SimulatorConfiguration()
        configuration.requestGate = gate
        try await SimulatorHarness.withSimulator(configuration) { baseURL, _ in
            let arguments = [
                "run", input, "--endpoint", baseURL, "--reports", directory.file("reports"), "--yes", "--json",
            ]
            let child = try CLIProcess(arguments, directory: directory.path, environment: simulatorEnvironment())
            try await eventually("the child is held at the gate") { gate.held > 0 }
            child.signal(SIGINT)
            try await eventually("the first signal is acknowledged") {
                child.stderrSoFar.contains("stopping: no new rows")
            }
            child.signal(SIGINT)
            let result = await child.wait()
            #expect(result.status == 130, "\(result.stderr)")
            #expect(result.stderr.contains("second signal: exiting now"))
            // Even cut short, a --json caller gets its one document.
            let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(document?["command"] as? String == "run")
            #expect(document?["exitCode"] as? Int == 130)
            gate.open()

            let rerun = try await CLIProcess.run(
                arguments, directory: directory.path, environment: simulatorEnvironment())
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let perEmail = try await tasksPerEmail(baseURL)
            #expect(perEmail.count == 60)
            #expect(perEmail.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func anAuthenticationFailureStopsWithExit3AndALaterRerunResumes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("auth.csv"), count: 20)
        try await SimulatorHarness.withSimulator { baseURL, _ in
            let arguments = ["run", input, "--endpoint", baseURL, "--reports", directory.file("reports"), "--yes"]
            var badToken = simulatorEnvironment()
            badToken["BWP_CLIENT_ID"] = nil
            badToken["BWP_CLIENT_SECRET"] = nil
            badToken["BWP_ACCESS_TOKEN"] = "expired-or-forged"
            let refused = try await CLIProcess.run(arguments, directory: directory.path, environment: badToken)
            #expect(refused.status == 3, "\(refused.stderr)")
            #expect(!refused.stderr.contains("expired-or-forged"))
            #expect(try await SimulatorHarness.tasks(baseURL: baseURL).isEmpty)

            let resumed = try await CLIProcess.run(
                arguments, directory: directory.path, environment: simulatorEnvironment())
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try await SimulatorHarness.tasks(baseURL: baseURL).count == 20)
        }
    }

    @Test func simulatorServePrintsItsAddressServesAndStopsGracefully() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let child = try CLIProcess(["simulator", "serve", "--port", "0"], directory: directory.path)
        let prefix = "listening on http://127.0.0.1:"
        try await eventually("the simulator prints its address") {
            child.stdoutSoFar.split(separator: "\n").contains { $0.hasPrefix(prefix) }
        }
        let line = try #require(child.stdoutSoFar.split(separator: "\n").first { $0.hasPrefix(prefix) })
        let address = line.dropFirst("listening on ".count)
        #expect(try await SimulatorHarness.tasks(baseURL: String(address)).isEmpty)
        child.signal(SIGTERM)
        #expect(await child.wait().status == 0)
    }

    @Test func aDryRunPlansAndSendsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            ["run", Samples.path("mixed.csv"), "--dry-run", "--rate", "2", "--reports", directory.file("reports")],
            directory: directory.path
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("to send: 8 (deletion 4, retrieval 4)"))
        #expect(result.stdout.contains("estimated time at 2.0/s: 4s"))
        #expect(!result.stdout.contains("SANDBOX"))
        #expect(!FileManager.default.fileExists(atPath: directory.file("reports/mixed/ledger.sqlite")))
    }

    @Test func badFilesAndFlagsStopBeforeAnyRequestWithExit2() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = try await CLIProcess.run(
            ["run", directory.file("nope.csv"), "--reports", directory.path], directory: directory.path)
        #expect(missing.status == 2)
        let badFlag = try await CLIProcess.run(
            ["run", Samples.path("deletions.csv"), "--holding-period", "200", "--reports", directory.path],
            directory: directory.path
        )
        #expect(badFlag.status == 2)
        #expect(badFlag.stderr.contains("--holding-period"))
        let plainHTTP = try await CLIProcess.run(
            [
                "run", Samples.path("deletions.csv"), "--endpoint", "http://api.example.com", "--reports",
                directory.path,
            ],
            directory: directory.path
        )
        #expect(plainHTTP.status == 2)
        let noCredentials = try await CLIProcess.run(
            [
                "run", Samples.path("deletions.csv"), "--endpoint", "https://api.example.com", "--reports",
                directory.path,
            ],
            directory: directory.path
        )
        #expect(noCredentials.status == 2)
        #expect(noCredentials.stderr.contains("BWP_CLIENT_ID"))
        let noConfirmation = try await CLIProcess.run(
            [
                "run", Samples.path("deletions.csv"), "--endpoint", "https://api.example.com", "--reports",
                directory.path,
            ],
            directory: directory.path,
            environment: ["BWP_ACCESS_TOKEN": "t", "BWP_TARGET_ID": "x"]
        )
        #expect(noConfirmation.status == 2)
        #expect(noConfirmation.stderr.contains("--yes"))
    }

    @Test func validateReportsEveryBadRowWithItsLineAndNoEmail() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            ["validate", Samples.path("with-errors.csv"), "--reports", directory.path],
            directory: directory.path
        )
        #expect(result.status == 1)
        for email in ["ok.shopper@example.com", "typo.type@example.com", "long.period@example.com"] {
            #expect(!result.stdout.contains(email))
            #expect(!result.stderr.contains(email))
        }
        let invalid = try Samples.readRecords(directory.file("with-errors/invalid-rows.csv"))
        #expect(invalid.count >= 14)
        #expect(invalid.allSatisfy { Int($0["line"] ?? "") != nil && !($0["error_code"] ?? "").isEmpty })
        let mode =
            try FileManager.default.attributesOfItem(atPath: directory.file("with-errors/invalid-rows.csv"))[
                .posixPermissions] as? Int
        #expect(mode == 0o600)
        let folderMode =
            try FileManager.default.attributesOfItem(atPath: directory.file("with-errors"))[
                .posixPermissions] as? Int
        #expect(folderMode == 0o700)
        for sample in ["deletions.csv", "retrievals.csv", "mixed.csv"] {
            let clean = try await CLIProcess.run(
                ["validate", Samples.path(sample), "--reports", directory.path],
                directory: directory.path
            )
            #expect(clean.status == 0, "\(sample): \(clean.stdout)")
            #expect(clean.stdout.contains("problems: 0"))
        }
    }
}

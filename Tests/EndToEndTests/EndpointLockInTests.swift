import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// A mistyped endpoint or a declined confirmation leaves nothing behind that blocks the right command.
@Suite(.serialized) struct EndpointLockInTests {
    @Test func anUnresolvableEndpointIsAConfigurationErrorAndTheSandboxThenRunsTheFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("typo.csv"), count: 3)
        let reports = directory.file("reports")
        let wrong = try await CLIProcess.run(
            ["run", input, "--endpoint", "https://does-not-exist.invalid", "--reports", reports, "--yes"],
            directory: directory.path,
            environment: simulatorEnvironment()
        )
        #expect(wrong.status == 2, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("does-not-exist.invalid"))
        #expect(wrong.stderr.contains("no run was created"))
        #expect(!FileManager.default.fileExists(atPath: reports + "/typo"))

        let sandbox = try await CLIProcess.run(
            ["run", input, "--reports", reports], directory: directory.path, environment: [:])
        #expect(sandbox.status == 0, "\(sandbox.stderr)")
        let outcomes = try Samples.readRecords(reports + "/typo/outcomes.csv")
        #expect(outcomes.map { $0["outcome"] } == ["SUBMITTED", "SUBMITTED", "SUBMITTED"])
    }

    @Test func withAReadyTokenAnUnresolvableEndpointIsStillAConfigurationError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("token.csv"), count: 3)
        let reports = directory.file("reports")
        let wrong = try await CLIProcess.run(
            ["run", input, "--endpoint", "https://does-not-exist.invalid", "--reports", reports, "--yes"],
            directory: directory.path,
            environment: ["BWP_ACCESS_TOKEN": "a-ready-token", "BWP_TARGET_ID": "sandbox-target"]
        )
        #expect(wrong.status == 2, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("does-not-exist.invalid"))
        #expect(wrong.stderr.contains("does not resolve"))
        #expect(!wrong.stderr.contains("a-ready-token"))
        #expect(!FileManager.default.fileExists(atPath: reports + "/token"))
    }

    @Test func aConfirmationThatCannotBeGivenCreatesNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = try GeneratedInput.write(to: directory.file("unconfirmed.csv"), count: 3)
        let reports = directory.file("reports")
        try await SimulatorHarness.withSimulator { baseURL, _ in
            let result = try await CLIProcess.run(
                ["run", input, "--endpoint", baseURL, "--reports", reports],
                directory: directory.path,
                environment: simulatorEnvironment()
            )
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("add --yes"))
            #expect(!FileManager.default.fileExists(atPath: reports + "/unconfirmed"))
            #expect(try await SimulatorHarness.tasks(baseURL: baseURL).isEmpty)
        }
    }
}

import Foundation
import TestSupport
import Testing

/// The pacing flags as an operator meets them.
@Suite struct PacingCommandLineTests {
    @Test func aDryRunWithoutRateSaysTheRateIsFoundAtRunTime() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(
            ["run", Samples.path("mixed.csv"), "--dry-run", "--reports", directory.file("reports")],
            directory: directory.path
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("estimated time: found at run time"))
        #expect(result.stdout.contains("starts at 10/s"))
    }

    @Test(arguments: [
        (["--rate-schedule", "0=40,20=x"], "step 2"),
        (["--rate-schedule", "5=40"], "second 0"),
        (["--rate-schedule", "0=40,20=10,10=40"], "increase"),
        (["--rate", "5", "--rate-schedule", "0=5"], "not both"),
    ])
    func aBadRateScheduleExitsWith2AndSaysWhy(_ flags: [String], _ reason: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try await CLIProcess.run(["simulator", "serve"] + flags, directory: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        #expect(!result.stdout.contains("listening on"))
    }
}

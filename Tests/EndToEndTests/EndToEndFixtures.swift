import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import PrivacyBatchAPI
import TestSupport

/// The environment a child `privacy-batch` needs to reach a test simulator with the sandbox credentials.
func simulatorEnvironment(secret: String = SimulatorCredentials.sandbox.clientSecret) -> [String: String] {
    [
        "BWP_CLIENT_ID": SimulatorCredentials.sandbox.clientID,
        "BWP_CLIENT_SECRET": secret,
        "BWP_TARGET_ID": SimulatorCredentials.sandbox.targetID,
    ]
}

/// Prepares and executes a run of `input` against the simulator at `baseURL` through `client`.
func runBatch(
    _ input: String,
    reports: String,
    baseURL: String,
    client: any TaskStarting,
    settings: SubmissionSettings = SubmissionSettings(rate: 500, burst: 50, concurrency: 8),
    stop: StopSignal = StopSignal()
) async throws -> (BatchRun, SubmissionEngine.Tally, ReportWriter.Counts) {
    let batch = try await BatchRun.prepare(BatchRun.Request(inputPath: input, reports: reports, endpoint: baseURL))
    let (tally, counts) = try await batch.execute(api: client, settings: settings, stop: stop)
    return (batch, tally, counts)
}

/// Runs `input` like ``runBatch(_:reports:baseURL:client:settings:stop:)`` and lets the run go (its lock with it),
/// as when `run` exits: its folder and what it sent.
func submittedRun(
    _ input: String, reports: String, baseURL: String, client: any TaskStarting
) async throws -> (RunFolder, SubmissionEngine.Tally) {
    let (batch, tally, _) = try await runBatch(input, reports: reports, baseURL: baseURL, client: client)
    return (batch.folder, tally)
}

/// Tasks per email on the simulator: a duplicate shows up as a count above one.
func tasksPerEmail(_ baseURL: String) async throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for task in try await SimulatorHarness.tasks(baseURL: baseURL) {
        counts[task.email.lowercased(), default: 0] += 1
    }
    return counts
}

/// Polls the simulator until it holds at least `count` tasks (or 30 s pass); returns how many it holds.
func waitForTasks(on baseURL: String, atLeast count: Int) async throws -> Int {
    var seen = 0
    for _ in 0..<600 where seen < count {
        try await Task.sleep(for: .milliseconds(50))
        seen = try await SimulatorHarness.tasks(baseURL: baseURL).count
    }
    return seen
}

/// A simulator configuration whose time only moves when the test moves it, from `start` (a fixed day by default;
/// now, for tests whose tasks' dates must be the client's).
func manuallyClockedSimulator(start: Date? = nil) -> (SimulatorConfiguration, ManualSimulatorClock) {
    let clock = start.map { ManualSimulatorClock(start: $0) } ?? ManualSimulatorClock()
    var configuration = SimulatorConfiguration()
    configuration.clock = clock
    return (configuration, clock)
}

/// Runs `privacy-batch run samples/SAMPLE --reports REPORTS` (plus `extra`) in the sandbox, as the README's
/// first command does, and returns what it did: the common first step of the tests of later commands.
func sandboxRun(
    _ sample: String,
    reports: String,
    in directory: TemporaryDirectory,
    _ extra: [String] = []
) async throws -> CLIProcess.Result {
    try await CLIProcess.run(
        ["run", Samples.path(sample), "--reports", reports] + extra, directory: directory.path)
}

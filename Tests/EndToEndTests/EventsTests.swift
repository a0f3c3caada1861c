import Foundation
import PrivacyAPISimulator
import PrivacyBatch
import TestSupport
import Testing

/// Task ends learned from the simulator's EventBridge events instead of polling every task.
@Suite struct EventsTests {
    @Test func eventsFromTheSimulatorUpdateExactlyTheTasksTheyName() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let events = directory.file("events.jsonl")
        let input = try GeneratedInput.write(to: directory.file("evented.csv"), count: 6, holdingPeriod: 0)
        let (clocked, clock) = manuallyClockedSimulator()
        var configuration = clocked
        configuration.eventsFile = events
        try await SimulatorHarness.withSimulator(configuration) { baseURL, client in
            let reports = directory.file("reports")
            // The run is released (and its lock with it) before the CLI below opens it.
            let rows = try await runBatch(input, reports: reports, baseURL: baseURL, client: client).0.ledger
                .submittedRows(.all, after: 0, limit: 100)
            clock.advance(by: 2)
            try await eventually("six events are written") {
                (try? String(contentsOfFile: events, encoding: .utf8))?.split(separator: "\n").count == 6
            }

            // Only the first three tasks' events, plus noise: a foreign task and a malformed line.
            let lines = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").map(String.init)
            let firstThree = Set(rows.prefix(3).compactMap(\.taskId))
            let chosen = lines.filter { line in firstThree.contains { line.contains($0) } }
            #expect(chosen.count == 3)
            let named = try #require(firstThree.first { chosen[0].contains($0) })
            let foreign = chosen[0].replacingOccurrences(of: named, with: "not-a-task-of-this-run")
            let file = try directory.write(
                "apply.jsonl", (chosen + [foreign, "{not json"]).joined(separator: "\n") + "\n")

            let result = try await CLIProcess.run(
                ["events", "apply", "evented", file, "--endpoint", baseURL, "--reports", reports],
                directory: directory.path,
                environment: simulatorEnvironment()
            )
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("unknown: 1"))
            #expect(result.stderr.contains("line 5"))
            let outcomes = try Samples.readRecords(reports + "/evented/outcomes.csv")
            #expect(outcomes.prefix(3).allSatisfy { $0["outcome"] == "COMPLETED" })
            #expect(outcomes.suffix(3).allSatisfy { $0["outcome"] == "SUBMITTED" })
        }
    }

    @Test func wrappedAndArrayFormsAreRead() async throws {
        let event =
            #"{"version":"0","detail-type":"PERSONAL_DATA_DELETION_TASK_COMPLETED","resources":["businessProduct/b/personalDataDeletionTask/t-1"],"detail":{}}"#
        let escaped = event.replacingOccurrences(of: "\"", with: "\\\"")
        let sqs = #"{"Messages":[{"MessageId":"m","Body":"\#(escaped)"}]}"#
        let array = "[\(event.replacingOccurrences(of: "t-1", with: "t-2")), \(event)]"
        #expect(try EventFile(data: Data(sqs.utf8)).taskIds == ["t-1"])
        #expect(try EventFile(data: Data(array.utf8)).taskIds == ["t-2", "t-1"])
        let retrieval = event.replacingOccurrences(of: "personalDataDeletionTask", with: "personalDataRetrievalTask")
        #expect(try EventFile(data: Data((retrieval + "\nnonsense\n").utf8)).malformed.map(\.line) == [2])
    }
}

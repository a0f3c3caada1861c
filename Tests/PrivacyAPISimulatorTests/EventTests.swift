import Foundation
import PrivacyAPISimulator
import TestSupport
import Testing

/// Terminal transitions produce one EventBridge-shaped line each.
@Suite struct EventTests {
    static func lines(_ path: String) -> [JSON] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSON.parse(String($0)) }
    }

    @Test func eachTerminalTransitionEmitsExactlyOnce() async throws {
        let path = temporaryPath("events.jsonl")
        let clock = ManualSimulatorClock()
        try await withSimulator({
            $0.clock = clock
            $0.eventsFile = path
        }) { sim in
            let done = try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 0)
            let failed = try await sim.startDeletion(email: "x-open-orders@example.com", holdingPeriod: 0)
            let retrieved = try await sim.startRetrieval(email: "jane@example.com")
            let missing = try await sim.startRetrieval(email: "not-found@example.com")
            let cancelled = try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 5)
            _ = try await sim.graphQL(
                "mutation { cancelPersonalDataDeletionTask(taskId: \"\(cancelled)\") { status } }")
            #expect(Self.lines(path).isEmpty)
            clock.advance(by: 1)
            try await eventually("four events") { Self.lines(path).count >= 4 }
            clock.advance(by: 10)
            // Two sweeps after every task is long final: anything they still emitted would be a duplicate.
            await sim.simulator?.sweepEventsNow()
            await sim.simulator?.sweepEventsNow()
            let events = Self.lines(path)
            #expect(events.count == 4)
            let byResource = Dictionary(
                uniqueKeysWithValues: events.map {
                    ($0["resources"]?[0]?.string ?? "", $0["detail-type"]?.string ?? "")
                })
            #expect(
                byResource["businessProduct/sandbox-target/personalDataDeletionTask/\(done)"]
                    == "PERSONAL_DATA_DELETION_TASK_COMPLETED")
            #expect(
                byResource["businessProduct/sandbox-target/personalDataDeletionTask/\(failed)"]
                    == "PERSONAL_DATA_DELETION_TASK_FAILED")
            #expect(
                byResource["businessProduct/sandbox-target/personalDataRetrievalTask/\(retrieved)"]
                    == "PERSONAL_DATA_RETRIEVAL_TASK_COMPLETED")
            #expect(
                byResource["businessProduct/sandbox-target/personalDataRetrievalTask/\(missing)"]
                    == "PERSONAL_DATA_RETRIEVAL_TASK_FAILED")
            let event = try #require(events.first)
            #expect(event["source"] == .string("aws.partner/buywithprime/sandbox"))
            #expect(event["version"] == .string("0"))
            #expect(event["detail"] == .object([:]))
            #expect(event["region"] == .string("us-east-1"))
        }
    }
}

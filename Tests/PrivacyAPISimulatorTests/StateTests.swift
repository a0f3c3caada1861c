import Foundation
import PrivacyAPISimulator
import TestSupport
import Testing

/// `stateFile` keeps tasks and clientTokens across simulator instances.
@Suite struct StateTests {
    @Test func tasksSurviveARestart() async throws {
        let path = temporaryPath("state.sqlite")
        let events = temporaryPath("events.jsonl")
        let clock = ManualSimulatorClock()
        let token = clientToken("persisted")
        let (deletion, retrieval) = try await withSimulator({
            $0.clock = clock
            $0.stateFile = path
        }) { sim in
            let d = try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 1, clientToken: token)
            let r = try await sim.startRetrieval(email: "jane@example.com")
            return (d, r)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        clock.advance(by: 0.5)
        try await withSimulator({
            $0.clock = clock
            $0.stateFile = path
            $0.eventsFile = events
        }) { sim in
            let tasks = try await sim.inspectTasks()
            #expect(tasks.map { $0["taskId"]?.string ?? "" } == [deletion, retrieval])
            #expect(
                try await sim.deletion(deletion)["data"]?["personalDataDeletionTask"]?["status"] == .string("ON_HOLD"))
            #expect(
                try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 1, clientToken: token) == deletion
            )
            clock.advance(by: 5)
            try await eventually("both events") { EventTests.lines(events).count >= 2 }
        }
        // A third instance must not emit the same events again.
        try await withSimulator({
            $0.clock = clock
            $0.stateFile = path
            $0.eventsFile = events
        }) { sim async throws in
            #expect(try await sim.inspectTasks().count == 2)
            await sim.simulator?.sweepEventsNow()
            #expect(EventTests.lines(events).count == 2)
        }
        #expect(EventTests.lines(events).count == 2)
    }
}

import Foundation
import PrivacyAPISimulator
import Testing

/// clientToken makes the start mutations idempotent within the window.
@Suite struct IdempotencyTests {
    @Test func sameTokenSameInputReturnsTheOriginalTask() async throws {
        try await withSimulator { sim in
            let token = clientToken("same-input")
            let first = try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 10, clientToken: token)
            // An omitted holding period means 10, so this is the same input.
            let second = try await sim.startDeletion(email: "jane@example.com", clientToken: token)
            #expect(first == second)
            let tasks = try await sim.inspectTasks()
            #expect(tasks.count == 1)
            #expect(tasks.first?["clientToken"] == .string(token))
        }
    }

    @Test func sameTokenDifferentInputIsAConflict() async throws {
        try await withSimulator { sim in
            let token = clientToken("different-input")
            _ = try await sim.startDeletion(email: "jane@example.com", clientToken: token)
            let json = try await sim.graphQL(
                "mutation { startPersonalDataDeletionTask(input: {dataSubject: {type: SHOPPER, email: \"john@example.com\"}, clientToken: {token: \"\(token)\"}}) { taskId } }"
            ).json()
            let classification = json["errors"]?[0]?["extensions"]?["classification"]
            #expect(classification?["type"] == .string("ConflictError"))
            #expect(classification?["errorType"] == .string("ConflictException"))
            #expect(classification?["errorCode"] == .number(409))
            #expect(json["data"] == (try JSON.parse(#"{"startPersonalDataDeletionTask":null}"#)))
            let retrieval = try await sim.graphQL(
                "mutation { startPersonalDataRetrievalTask(input: {dataSubject: {type: SHOPPER, email: \"jane@example.com\"}, clientToken: {token: \"\(token)\"}}) { taskId } }"
            ).json()
            #expect(retrieval["errors"]?[0]?["extensions"]?["classification"]?["errorCode"] == .number(409))
            #expect(try await sim.inspectTasks().count == 1)
        }
    }

    @Test func tokenIsForgottenAfterTheWindowAndAbsentTokensAlwaysCreate() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let token = clientToken("window")
            let first = try await sim.startRetrieval(email: "jane@example.com", clientToken: token)
            clock.advance(by: 8 * 3600 - 1)
            #expect(try await sim.startRetrieval(email: "jane@example.com", clientToken: token) == first)
            clock.advance(by: 2)
            #expect(try await sim.startRetrieval(email: "jane@example.com", clientToken: token) != first)
            let a = try await sim.startRetrieval(email: "jane@example.com")
            let b = try await sim.startRetrieval(email: "jane@example.com")
            #expect(a != b)
            #expect(try await sim.inspectTasks().count == 4)
        }
    }
}

import Foundation
import PrivacyAPISimulator
import Testing

/// `GET /_simulator/tasks` lists every task, in creation order, to a holder of a token.
@Suite struct InspectionTests {
    @Test func listsTasksInCreationOrder() async throws {
        try await withSimulator { sim in
            let token = clientToken("inspect")
            let first = try await sim.startDeletion(email: "a@example.com", clientToken: token)
            let second = try await sim.startRetrieval(email: "b@example.com")
            // The listing holds every shopper's email: without a token it answers 401, like the API.
            #expect(try await sim.send(.GET, "/_simulator/tasks").status == 401)
            let answer = try await sim.send(
                .GET, "/_simulator/tasks", headers: [("Authorization", "Bearer \(try await sim.token())")])
            #expect(answer.status == 200)
            let tasks = try #require(try answer.json()["tasks"]?.array)
            #expect(tasks.count == 2)
            #expect(tasks[0]["taskId"] == .string(first))
            #expect(tasks[0]["kind"] == .string("deletion"))
            #expect(tasks[0]["email"] == .string("a@example.com"))
            #expect(tasks[0]["clientToken"] == .string(token))
            #expect(tasks[0]["status"] == .string("ON_HOLD"))
            #expect(tasks[1]["taskId"] == .string(second))
            #expect(tasks[1]["kind"] == .string("retrieval"))
            #expect(tasks[1]["clientToken"] == .null)
            #expect(tasks[1]["submissionDate"]?.string?.hasSuffix("Z") == true)
        }
    }
}

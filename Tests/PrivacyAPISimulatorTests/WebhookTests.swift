import Foundation
import Hummingbird
import PrivacyAPISimulator
import ServiceLifecycle
import TestSupport
import Testing

/// Events are also POSTed to `webhook`.
@Suite struct WebhookTests {
    actor Inbox {
        var bodies: [String] = []
        func add(_ body: String) { bodies.append(body) }
    }

    @Test func eventsArePostedToTheWebhook() async throws {
        let inbox = Inbox()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            await inbox.add(String(buffer: buffer))
            return .ok
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let receiver = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: .init(services: [receiver], logger: receiver.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let clock = ManualSimulatorClock()
            try await withSimulator({
                $0.clock = clock
                $0.webhook = "http://127.0.0.1:\(port)/hook"
            }) { sim in
                let id = try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 0)
                clock.advance(by: 1)
                try await eventually("webhook delivery") { await !inbox.bodies.isEmpty }
                let event = try JSON.parse(try #require(await inbox.bodies.first))
                #expect(event["detail-type"] == .string("PERSONAL_DATA_DELETION_TASK_COMPLETED"))
                #expect(
                    event["resources"]
                        == .array([.string("businessProduct/sandbox-target/personalDataDeletionTask/\(id)")]))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

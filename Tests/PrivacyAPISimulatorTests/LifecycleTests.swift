import Foundation
import PrivacyAPISimulator
import Testing

/// Statuses move with the (manual) clock: one simulated day is one second by default.
@Suite struct LifecycleTests {
    static func task(_ json: JSON, _ field: String = "personalDataDeletionTask") -> JSON? {
        json["data"]?[field]
    }

    @Test func deletionGoesOnHoldThenInProgressThenCompleted() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let id = try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 2)
            var task = try #require(Self.task(try await sim.deletion(id)))
            #expect(task["status"] == .string("ON_HOLD"))
            #expect(task["holdingPeriod"] == .number(2))
            #expect(task["errors"] == .array([]))
            #expect(task["submissionDate"] == task["lastUpdatedDate"])
            clock.advance(by: 2.5)
            task = try #require(Self.task(try await sim.deletion(id)))
            #expect(task["status"] == .string("IN_PROGRESS"))
            #expect(task["submissionDate"] != task["lastUpdatedDate"])
            clock.advance(by: 1)
            task = try #require(Self.task(try await sim.deletion(id)))
            #expect(task["status"] == .string("COMPLETED"))
            #expect(try await sim.inspectTasks().first?["status"] == .string("COMPLETED"))
        }
    }

    @Test func holdingPeriodDefaultsToTen() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let id = try await sim.startDeletion(email: "jane@example.com")
            #expect(Self.task(try await sim.deletion(id))?["holdingPeriod"] == .number(10))
            clock.advance(by: 9.9)
            #expect(Self.task(try await sim.deletion(id))?["status"] == .string("ON_HOLD"))
            clock.advance(by: 0.2)
            #expect(Self.task(try await sim.deletion(id))?["status"] == .string("IN_PROGRESS"))
        }
    }

    @Test func openOrdersAndUnknownShoppersFail() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let open = try await sim.startDeletion(email: "has-open-orders@example.com", holdingPeriod: 0)
            let missing = try await sim.startDeletion(email: "is-not-found@example.com", holdingPeriod: 0)
            #expect(Self.task(try await sim.deletion(open))?["status"] == .string("IN_PROGRESS"))
            clock.advance(by: 1)
            let openTask = try #require(Self.task(try await sim.deletion(open)))
            #expect(openTask["status"] == .string("FAILED"))
            #expect(
                openTask["errors"]
                    == (try JSON.parse(
                        #"[{"code":"ORDERS_NOT_CLOSED","message":"The shopper has one or more unclosed orders."}]"#)))
            let missingTask = try #require(Self.task(try await sim.deletion(missing)))
            #expect(
                missingTask["errors"]?[0]?["message"]
                    == .string("The shopper email for request \(missing) does not exist"))
            #expect(missingTask["errors"]?[0]?["code"] == .string("DATA_SUBJECT_NOT_FOUND"))
        }
    }

    @Test func shoppersFileOverridesTheDefaultRule() async throws {
        let path = temporaryPath("shoppers.csv")
        try "email,exists,open_orders\nbusy@example.com,yes,1\nghost@example.com,false,no\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let clock = ManualSimulatorClock()
        try await withSimulator({
            $0.clock = clock
            $0.shoppersFile = path
        }) { sim in
            let busy = try await sim.startDeletion(email: "busy@example.com", holdingPeriod: 0)
            let ghost = try await sim.startRetrieval(email: "GHOST@example.com")
            let plain = try await sim.startRetrieval(email: "busy@example.com")
            clock.advance(by: 1)
            #expect(Self.task(try await sim.deletion(busy))?["errors"]?[0]?["code"] == .string("ORDERS_NOT_CLOSED"))
            #expect(
                Self.task(try await sim.retrieval(ghost), "personalDataRetrievalTask")?["status"] == .string("FAILED"))
            #expect(
                Self.task(try await sim.retrieval(plain), "personalDataRetrievalTask")?["status"]
                    == .string("COMPLETED"))
        }
    }

    @Test func ordersThatCloseAfterSomeDaysFailEveryDeletionBeforeThenAndNoneAfter() async throws {
        let path = temporaryPath("closing.csv")
        try "email,exists,open_orders,orders_close_after_days\nlate@example.com,yes,yes,5\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let clock = ManualSimulatorClock()
        try await withSimulator({
            $0.clock = clock
            $0.shoppersFile = path
        }) { sim in
            // By the email rule: `open-orders-2d` closes two days after the shopper's first deletion task.
            let first = try await sim.startDeletion(email: "open-orders-2d.kim@example.com", holdingPeriod: 0)
            let late = try await sim.startDeletion(email: "late@example.com", holdingPeriod: 0)
            clock.advance(by: 1)
            let retried = try await sim.startDeletion(email: "Open-Orders-2d.Kim@example.com", holdingPeriod: 0)
            clock.advance(by: 1.5)
            let after = try await sim.startDeletion(email: "open-orders-2d.kim@example.com", holdingPeriod: 0)
            let lateAgain = try await sim.startDeletion(email: "late@example.com", holdingPeriod: 0)
            clock.advance(by: 3)
            let lastLate = try await sim.startDeletion(email: "late@example.com", holdingPeriod: 0)
            clock.advance(by: 2)
            let codes = try await [first, retried, after, late, lateAgain, lastLate].asyncMap { id in
                Self.task(try await sim.deletion(id))?["errors"]?[0]?["code"]
            }
            #expect(
                codes == [.string("ORDERS_NOT_CLOSED"), .string("ORDERS_NOT_CLOSED"), nil] + [
                    .string("ORDERS_NOT_CLOSED"), .string("ORDERS_NOT_CLOSED"), nil,
                ])
        }
    }

    @Test func badShoppersFileThrowsAClearError() throws {
        let path = temporaryPath("bad.csv")
        try "email,exists,open_orders\nx@y.co,maybe,no\n".write(toFile: path, atomically: true, encoding: .utf8)
        var configuration = SimulatorConfiguration()
        configuration.shoppersFile = path
        #expect {
            _ = try PrivacyAPISimulator(configuration: configuration)
        } throws: { error in
            "\(error)".contains("line 2")
        }
    }

    @Test func retrievalInProgressThenCompletedWithALink() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let id = try await sim.startRetrieval(email: "jane@example.com")
            var task = try #require(Self.task(try await sim.retrieval(id), "personalDataRetrievalTask"))
            #expect(task["status"] == .string("IN_PROGRESS"))
            #expect(task["dataRetrievalLink"] == .null)
            clock.advance(by: 1)
            task = try #require(Self.task(try await sim.retrieval(id), "personalDataRetrievalTask"))
            #expect(task["status"] == .string("COMPLETED"))
            #expect(
                task["dataRetrievalLink"]?.string?.hasPrefix(sim.baseURL + "/downloads/\(id)/data_retrieval.zip?")
                    == true)
        }
    }

    @Test func cancelInsideAndAfterTheHoldingPeriod() async throws {
        let clock = ManualSimulatorClock()
        try await withSimulator({ $0.clock = clock }) { sim in
            let early = try await sim.startDeletion(email: "jane@example.com", holdingPeriod: 3)
            let late = try await sim.startDeletion(email: "john@example.com", holdingPeriod: 1)
            clock.advance(by: 1.5)
            let cancelled = try await sim.graphQL(
                "mutation { cancelPersonalDataDeletionTask(taskId: \"\(early)\") { taskId status holdingPeriod } }"
            ).json()
            #expect(Self.task(cancelled, "cancelPersonalDataDeletionTask")?["status"] == .string("CANCELLED"))
            #expect(Self.task(try await sim.deletion(early))?["status"] == .string("CANCELLED"))

            let refused = try await sim.graphQL(
                "mutation { cancelPersonalDataDeletionTask(taskId: \"\(late)\") { taskId status } }"
            ).json()
            let message = "The personalDataDeletionTask cannot be cancelled with a status of IN_PROGRESS."
            let expected = try JSON.parse(
                """
                {"errors":[{"message":"\(message)","locations":[{"line":1,"column":12}],"path":["cancelPersonalDataDeletionTask"],
                "extensions":{"classification":{"type":"ValidationError","code":"CannotCancelPersonalDataDeletionTask",
                "details":{"message":"\(message)"},"errorType":"ValidationException","errorCode":400}}}],
                "data":{"cancelPersonalDataDeletionTask":null}}
                """)
            #expect(refused == expected)
            let again = try await sim.graphQL(
                "mutation { cancelPersonalDataDeletionTask(taskId: \"\(early)\") { status } }"
            ).json()
            #expect(
                again["errors"]?[0]?["message"]
                    == .string("The personalDataDeletionTask cannot be cancelled with a status of CANCELLED."))
            clock.advance(by: 10)
            #expect(Self.task(try await sim.deletion(early))?["status"] == .string("CANCELLED"))
        }
    }
}

extension Array {
    /// The elements mapped in order by an async transform.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}

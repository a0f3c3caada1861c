import Hummingbird

extension SimulatorResponder {
    /// `GET /_simulator/tasks`: every task in creation order, without auth, for tests and the CLI's sandbox.
    func inspection() async -> Response {
        let now = services.clock.now()
        let tasks = await services.store.allTasks().map { task -> JSONValue in
            .object([
                ("taskId", .string(task.taskID)),
                ("kind", .string(task.kind.rawValue)),
                ("email", .string(task.email)),
                ("clientToken", task.clientToken.map(JSONValue.string) ?? .null),
                ("holdingPeriod", task.holdingPeriod.map(JSONValue.int) ?? .null),
                ("reason", task.reason.map(JSONValue.string) ?? .null),
                ("status", .string(task.state(at: now, timing: services.timing).status.rawValue)),
                ("submissionDate", .string(SimulatorDateFormat.micros(task.submittedAt))),
            ])
        }
        return Self.json(.object([("tasks", .array(tasks))]))
    }
}
